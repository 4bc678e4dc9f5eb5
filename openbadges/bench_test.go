package openbadges

import (
	"crypto/sha256"
	"fmt"
	"testing"
)

// batchAssertions are the compacted Assertions of cmd/obcert's BenchmarkBatchHosted: n badges of
// one BadgeClass, each with its own id, recipient salt and identity hash, and evidence.
func batchAssertions(n int) []map[string]any {
	out := make([]map[string]any, n)
	for i := range out {
		out[i] = map[string]any{
			"@context": "https://w3id.org/openbadges/v2", "type": "Assertion",
			"id": fmt.Sprintf("https://example.org/assertions/%04d.json", i),
			"recipient": map[string]any{"type": "email", "hashed": true, "salt": fmt.Sprintf("salt%d", i),
				"identity": fmt.Sprintf("sha256$%x", sha256.Sum256(fmt.Appendf(nil, "learner%d@example.orgsalt%d", i, i)))},
			"issuedOn": "2016-12-31T23:59:59Z", "badge": "https://example.org/robotics-badge.json",
			"evidence":     fmt.Sprintf("https://example.org/work/%d.html", i),
			"verification": map[string]any{"type": "hosted"},
		}
	}
	return out
}

// BenchmarkValidateBatchAssertion is ValidateNode of the Assertions of a batch of hosted badges,
// one distinct Assertion per op.
func BenchmarkValidateBatchAssertion(b *testing.B) {
	nodes := batchAssertions(1000)
	if fs := ValidateNode(ClassAssertion, nodes[0], Options{}); len(fs) > 0 {
		b.Fatalf("the benchmark's Assertion has findings:\n%s", render(fs))
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		ValidateNode(ClassAssertion, nodes[i%len(nodes)], Options{})
		i++
	}
}

// BenchmarkValidateBatchAssertionForgetting is BenchmarkValidateBatchAssertion with every memory
// of shape and value errors emptied before each node (the emptying timed too): the cost of the
// first badge a process validates.
func BenchmarkValidateBatchAssertionForgetting(b *testing.B) {
	nodes := batchAssertions(1000)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		forgetAll()
		ValidateNode(ClassAssertion, nodes[i%len(nodes)], Options{})
		i++
	}
}

// BenchmarkForgetAll is the emptying alone, to subtract from BenchmarkValidateBatchAssertionForgetting.
func BenchmarkForgetAll(b *testing.B) {
	ValidateNode(ClassAssertion, batchAssertions(1)[0], Options{})
	b.ReportAllocs()
	for b.Loop() {
		forgetAll()
	}
}
