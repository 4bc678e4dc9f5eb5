// Package runner turns a candidate file into a conformance report: it loads and checks the file,
// selects the specs, runs them in-process with Ginkgo and maps Ginkgo's report to obcert results.
package runner
