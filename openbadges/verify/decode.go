package verify

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"github.com/obcert/obcert/openbadges/internal/obcontext"
	"github.com/obcert/obcert/openbadges/jsonld"
)

// decodeObject decodes b, JSON text whose value is an object, into exactly what json.Unmarshal
// into a map[string]any gives, in one pass (encoding/json scans the text once to check it, then
// again to decode it). It takes only the plain case: strings without \u escapes (the two-character
// ones are read), valid UTF-8 and no control characters, unique keys, numbers float64 holds, nesting to maxScanDepth, nothing after the
// object but white space. ok false means "not this way", and the caller decodes with encoding/json,
// which also says what is wrong (TestDecodeObjectIsUnmarshal, FuzzDecodeObject).
func decodeObject(b []byte) (doc map[string]any, ok bool) {
	doc, _, ok = decodeObjectLongest(b)
	return doc, ok
}

// decodeObjectLongest is decodeObject that also returns the length of the longest array in the
// document (0 when it has none).
func decodeObjectLongest(b []byte) (doc map[string]any, longest int, ok bool) {
	d := fastDecoder{b: b}
	d.ws()
	if d.i >= len(b) || b[d.i] != '{' {
		return nil, 0, false
	}
	doc, ok = d.object(0)
	if !ok {
		return nil, 0, false
	}
	d.ws()
	return doc, d.longest, d.i == len(b)
}

type fastDecoder struct {
	b       []byte
	i       int
	longest int // the length of the longest array read
}

func (d *fastDecoder) ws() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *fastDecoder) value(depth int) (any, bool) {
	if d.i >= len(d.b) {
		return nil, false
	}
	switch c := d.b[d.i]; {
	case c == '{':
		m, ok := d.object(depth + 1)
		return m, ok
	case c == '[':
		return d.array(depth + 1)
	case c == '"':
		raw, ok := d.raw()
		if !ok {
			return nil, false
		}
		if v, common := commonValues[string(raw)]; common {
			return v, true // boxed once, for every document
		}
		return string(raw), true
	case c == 't':
		return true, d.lit("true")
	case c == 'f':
		return false, d.lit("false")
	case c == 'n':
		return nil, d.lit("null")
	default:
		return d.number()
	}
}

func (d *fastDecoder) lit(w string) bool {
	if len(d.b)-d.i < len(w) || string(d.b[d.i:d.i+len(w)]) != w {
		return false
	}
	d.i += len(w)
	return true
}

// object reads an object at d.b[d.i] == '{'.
func (d *fastDecoder) object(depth int) (map[string]any, bool) {
	if depth > maxScanDepth {
		return nil, false
	}
	d.i++
	m := make(map[string]any)
	d.ws()
	if d.i < len(d.b) && d.b[d.i] == '}' {
		d.i++
		return m, true
	}
	for {
		if d.i >= len(d.b) || d.b[d.i] != '"' {
			return nil, false
		}
		raw, ok := d.raw()
		if !ok {
			return nil, false
		}
		k, common := commonKeys[string(raw)]
		if !common {
			k = string(raw)
		}
		if _, dup := m[k]; dup {
			return nil, false
		}
		d.ws()
		if d.i >= len(d.b) || d.b[d.i] != ':' {
			return nil, false
		}
		d.i++
		d.ws()
		v, ok := d.value(depth)
		if !ok {
			return nil, false
		}
		m[k] = v
		d.ws()
		if d.i >= len(d.b) {
			return nil, false
		}
		switch d.b[d.i] {
		case ',':
			d.i++
			d.ws()
		case '}':
			d.i++
			return m, true
		default:
			return nil, false
		}
	}
}

// array reads an array at d.b[d.i] == '['.
func (d *fastDecoder) array(depth int) (any, bool) {
	if depth > maxScanDepth {
		return nil, false
	}
	d.i++
	l := make([]any, 0) // encoding/json's empty array is an empty slice, not nil
	d.ws()
	if d.i < len(d.b) && d.b[d.i] == ']' {
		d.i++
		return l, true
	}
	for {
		v, ok := d.value(depth)
		if !ok {
			return nil, false
		}
		l = append(l, v)
		d.ws()
		if d.i >= len(d.b) {
			return nil, false
		}
		switch d.b[d.i] {
		case ',':
			d.i++
			d.ws()
		case ']':
			d.i++
			d.longest = max(d.longest, len(l))
			return l, true
		default:
			return nil, false
		}
	}
}

// raw reads a string at d.b[d.i] == '"' that has no control character, is valid UTF-8 and has no
// escape but the two-character ones (\" \\ \/ \b \f \n \r \t: a PEM key's line breaks), and
// returns its value: a slice of d.b, or, with escapes, a new slice. A \u escape declines (ok false).
func (d *fastDecoder) raw() ([]byte, bool) {
	d.i++
	start := d.i
	ascii := true
	var out []byte // the value so far, once an escape was met
	for d.i < len(d.b) {
		c := d.b[d.i]
		switch {
		case c == '"':
			raw := d.b[start:d.i]
			d.i++
			if !ascii && !utf8.Valid(raw) {
				return nil, false
			}
			if out != nil {
				return append(out, raw...), true
			}
			return raw, true
		case c == '\\':
			if d.i+1 >= len(d.b) {
				return nil, false
			}
			e, ok := simpleEscapes[d.b[d.i+1]]
			if !ok {
				return nil, false
			}
			if !ascii && !utf8.Valid(d.b[start:d.i]) {
				return nil, false
			}
			out = append(append(out, d.b[start:d.i]...), e)
			d.i += 2
			start, ascii = d.i, true
			continue
		case c < 0x20:
			return nil, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
		d.i++
	}
	return nil, false
}

// simpleEscapes are JSON's two-character escapes and the byte each stands for.
var simpleEscapes = map[byte]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// number reads a number of JSON's grammar, -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, as
// encoding/json decodes one into an interface: strconv.ParseFloat of its text, which must fit.
func (d *fastDecoder) number() (any, bool) {
	start := d.i
	if d.i < len(d.b) && d.b[d.i] == '-' {
		d.i++
	}
	switch {
	case d.i < len(d.b) && d.b[d.i] == '0':
		d.i++
	case d.i < len(d.b) && d.b[d.i] >= '1' && d.b[d.i] <= '9':
		d.digits()
	default:
		return nil, false
	}
	if d.i < len(d.b) && d.b[d.i] == '.' {
		d.i++
		if d.digits() == 0 {
			return nil, false
		}
	}
	if d.i < len(d.b) && (d.b[d.i] == 'e' || d.b[d.i] == 'E') {
		d.i++
		if d.i < len(d.b) && (d.b[d.i] == '+' || d.b[d.i] == '-') {
			d.i++
		}
		if d.digits() == 0 {
			return nil, false
		}
	}
	f, err := strconv.ParseFloat(string(d.b[start:d.i]), 64)
	if err != nil {
		return nil, false
	}
	return f, true
}

func (d *fastDecoder) digits() int {
	n := 0
	for d.i < len(d.b) && d.b[d.i] >= '0' && d.b[d.i] <= '9' {
		d.i++
		n++
	}
	return n
}

// commonKeys and commonValues hold the strings nearly every Badge Object repeats: the terms of the
// OB v2 context (its keys, and the class and verification type names among its values), "@context"
// and the context's URL. The decoder gives a key or value equal to one of them as the one string
// kept here (and a value as the one boxed copy of it), instead of allocating it again for every
// document. A string is a string: what it decodes is the same (TestDecodeObjectIsUnmarshal).
var commonKeys, commonValues = commonStrings()

func commonStrings() (map[string]string, map[string]any) {
	var ctx struct {
		Context map[string]json.RawMessage `json:"@context"`
	}
	if err := json.Unmarshal(obcontext.V2(), &ctx); err != nil {
		panic("verify: the embedded OB v2 context does not decode: " + err.Error())
	}
	keys := map[string]string{"@context": "@context", "@id": "@id", "@type": "@type"}
	values := map[string]any{jsonld.V2: jsonld.V2}
	for term := range ctx.Context {
		keys[term] = term
		values[term] = term
	}
	return keys, values
}
