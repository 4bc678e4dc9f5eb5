package obcontext

import _ "embed"

// v2 is the OB v2 JSON-LD context, https://w3id.org/openbadges/v2 (see README.md).
//
//go:embed ob-v2-context.json
var v2 string

// V2 returns a fresh copy of the OB v2 JSON-LD context's bytes, as published.
func V2() []byte { return []byte(v2) }
