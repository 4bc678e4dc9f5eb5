package obcert

import (
	"crypto/sha256"
	"encoding/hex"
)

// CatalogueSha256 is the SHA-256, in hex, of the requirement catalogue this build embeds
// (requirements.json): a report records it so an auditor knows which catalogue its IDs name.
func CatalogueSha256() string {
	sum := sha256.Sum256(requirementsJSON)
	return hex.EncodeToString(sum[:])
}
