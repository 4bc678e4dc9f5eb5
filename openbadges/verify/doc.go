// Package verify is the OB 2.0 verification core: it takes a badge (URL, JSON, JWS or baked image),
// follows its graph, validates every node and verifies the badge hosted or signed, reporting every
// finding with the requirement it concerns.
package verify
