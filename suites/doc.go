// Package suites holds what every conformance suite shares: the Suite record a role brings, the
// Spec registration record with its requirement IDs, level and profiles, the Env a spec receives,
// and the Outcome a spec returns: what it checked, what it found and what it could not read.
package suites
