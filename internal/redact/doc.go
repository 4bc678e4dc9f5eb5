// Package redact is the one redactor every writer of obcert uses (HAR, report.json, HTML, JUnit,
// Markdown, terminal, ginkgo.log): URL userinfo, credential query parameters and headers, and
// the values of the environment variables the candidate file names.
package redact
