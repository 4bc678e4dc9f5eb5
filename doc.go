// Package obcert holds the vocabulary every other obcert package speaks: the requirement
// catalogue, levels, roles, profiles, result states, verdicts and findings. It imports nothing of ours.
package obcert
