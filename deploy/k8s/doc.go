// Package k8s holds the Kubernetes example of a sharded batch validation (validate-job.yaml) and
// the test that checks it against the Kubernetes API types. It is a module of its own, so that the
// Kubernetes API packages it needs stay out of obcert's dependencies.
package k8s
