package bake

// attrSpan is one attribute of a start tag: its qualified name and its byte span, leading
// whitespace included.
type attrSpan struct {
	name       string
	start, end int
}

func isXMLSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// tagName is the qualified name of a start tag such as `<svg a="b">`.
func tagName(tag []byte) string {
	i := 1
	for i < len(tag) && !isXMLSpace(tag[i]) && tag[i] != '/' && tag[i] != '>' {
		i++
	}
	return string(tag[1:i])
}

// tagAttrs lists the attributes of a start tag that encoding/xml has already accepted, given
// without its closing > or />. It stops quietly at anything it does not expect.
func tagAttrs(tag []byte) []attrSpan {
	var attrs []attrSpan
	i := len(tagName(tag)) + 1
	for i < len(tag) {
		start := i
		for i < len(tag) && isXMLSpace(tag[i]) {
			i++
		}
		nameStart := i
		for i < len(tag) && !isXMLSpace(tag[i]) && tag[i] != '=' {
			i++
		}
		name := string(tag[nameStart:i])
		i = skipSpace(tag, i)
		if i >= len(tag) || tag[i] != '=' {
			return attrs
		}
		i = skipSpace(tag, i+1)
		if i >= len(tag) || (tag[i] != '"' && tag[i] != '\'') {
			return attrs
		}
		q := tag[i]
		i++
		for i < len(tag) && tag[i] != q {
			i++
		}
		if i >= len(tag) {
			return attrs
		}
		i++
		attrs = append(attrs, attrSpan{name: name, start: start, end: i})
	}
	return attrs
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && isXMLSpace(b[i]) {
		i++
	}
	return i
}
