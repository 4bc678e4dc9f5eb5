// Package reports renders the conformance report (obcert.Report) as JSON, a self-contained HTML
// page, JUnit XML, a Markdown summary and a few terminal lines.
package reports
