package main

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"os"
	"strconv"
	"time"
)

// A batch's run identity: what makes two shard outputs parts of one run. It is a SHA-256 over the
// harness version, the flags that can change a verdict, and the whole input list in order (before
// --shard), so every shard of one run computes the same identity and report merge can refuse
// shards of another list, another harness or other flags.

// shardOf is the shard an input belongs to among n: the first 8 bytes of the SHA-256 of the input
// as given, read as a big-endian unsigned integer, mod n. It depends on the input alone, so a badge
// lands in the same shard whatever the order of the list or the other inputs.
func shardOf(input string, n int) int {
	if n <= 1 {
		return 0
	}
	s := sha256.Sum256([]byte(input))
	return int(binary.BigEndian.Uint64(s[:8]) % uint64(n))
}

// harnessVersion is the version written in a shard's summary: the release, and the commit when
// the binary knows it.
func harnessVersion() string {
	f := readBuildFacts()
	v := f.Version
	if f.Revision != "" {
		v += "+" + f.Revision
		if f.Modified {
			v += ".modified"
		}
	}
	return v
}

// runHasher accumulates a run identity.
type runHasher struct {
	h      hash.Hash
	inputs int
}

func newRunHasher(f validateFlags) *runHasher {
	r := &runHasher{h: sha256.New()}
	r.field("obcert batch run 1")
	r.field(harnessVersion())
	// The flags that change verdicts; -j, --format and --shard do not.
	r.field(f.recipient)
	r.field(f.now)
	r.field(f.algorithms)
	r.field(strconv.FormatInt(int64(f.timeout/time.Microsecond), 10))
	r.field(strconv.FormatBool(f.denyPrivate))
	r.field(fileDigest(f.offlineMap))
	return r
}

// field writes s length-prefixed, so that no two lists of fields hash alike.
func (r *runHasher) field(s string) {
	fmt.Fprintf(r.h, "%d:%s", len(s), s)
}

func (r *runHasher) add(it batchItem) {
	r.inputs++
	r.field(it.input)
	r.field(it.recipient)
	if it.err != nil {
		r.field(it.err.Error())
	} else {
		r.field("")
	}
}

// id is the run identity: 32 hex digits (128 bits of the SHA-256).
func (r *runHasher) id() string { return hex.EncodeToString(r.h.Sum(nil)[:16]) }

// fileDigest is the SHA-256 of a file's content ("" for no file; the name when it cannot be read,
// which the batch reports on its own).
func fileDigest(name string) string {
	if name == "" {
		return ""
	}
	fh, err := os.Open(name)
	if err != nil {
		return "unreadable:" + name
	}
	defer fh.Close()
	h := sha256.New()
	if _, err := io.Copy(h, io.LimitReader(fh, 1<<30)); err != nil {
		return "unreadable:" + name
	}
	return hex.EncodeToString(h.Sum(nil))
}
