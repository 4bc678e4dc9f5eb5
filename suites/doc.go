// Package suites holds what every conformance suite shares: the Spec registration record with its
// requirement IDs, level, role and profiles, the Env a spec receives, and the ways a spec reports
// evidence, findings, harness errors and skips.
package suites
