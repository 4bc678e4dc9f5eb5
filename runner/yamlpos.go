package runner

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	goyaml "github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/parser"
	"go.yaml.in/yaml/v3"
)

// yamlLine is the "line N: " go.yaml.in/yaml/v3 puts before its messages.
var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): `)

// syntaxError words a YAML syntax error of raw with the line and column where it is. The YAML
// library decoding raw names only a line, and for some errors the line where the enclosing
// construct began; a second parser, asked only when the first fails, gives the position of the
// offending character. When it finds nothing wrong, the first parser's message stands.
func syntaxError(raw []byte, err error) error {
	_, perr := parser.ParseBytes(raw, 0)
	var ye goyaml.Error
	if perr != nil && errors.As(perr, &ye) && ye.GetToken() != nil && ye.GetToken().Position != nil {
		pos := ye.GetToken().Position
		return fmt.Errorf("line %d, column %d: %s", pos.Line, pos.Column, strings.ReplaceAll(ye.GetMessage(), "\t", `\t`))
	}
	return errors.New(strings.TrimPrefix(err.Error(), "yaml: "))
}

// typeError words a decoding error (a value of the wrong type) with the line and column of the
// value: the library names the line and the value's tag only, so the column is that of the last
// node on that line with that tag (a value comes after its key and its enclosing collection).
func typeError(root *yaml.Node, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: unmarshal errors:\n  ")
	m := yamlLine.FindStringSubmatch(msg)
	if m == nil {
		return errors.New(strings.TrimPrefix(msg, "yaml: "))
	}
	line, _ := strconv.Atoi(m[1])
	rest := msg[len(m[0]):]
	tag, _, _ := strings.Cut(strings.TrimPrefix(rest, "cannot unmarshal "), " ")
	col := columnOf(root, line, tag)
	if col == 0 {
		return errors.New(strings.TrimPrefix(msg, "yaml: "))
	}
	return fmt.Errorf("line %d, column %d: %s", line, col, typeSentence(rest))
}

// unmarshalText is the library's "cannot unmarshal !!str `yes` into []obcert.BadgeRef".
var unmarshalText = regexp.MustCompile("^cannot unmarshal (!!\\w+)(?: `([^`]*)`)? into (\\S+)$")

// typeSentence words the library's type error without Go types: "found a string (`yes`) where a
// list is expected".
func typeSentence(msg string) string {
	m := unmarshalText.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	found := map[string]string{"!!str": "a string", "!!seq": "a list", "!!map": "a mapping", "!!int": "a number",
		"!!float": "a number", "!!bool": "true or false", "!!null": "nothing"}[m[1]]
	if found == "" {
		found = "a value tagged " + m[1]
	}
	if m[2] != "" {
		found += " (" + m[2] + ")"
	}
	want := "a mapping"
	switch goType := m[3]; {
	case strings.HasPrefix(goType, "[]"):
		want = "a list"
	case goType == "string":
		want = "a string"
	case goType == "bool":
		want = "true or false"
	case strings.HasPrefix(goType, "int") || strings.HasPrefix(goType, "float") || strings.HasPrefix(goType, "uint"):
		want = "a number"
	}
	return fmt.Sprintf("found %s where %s is expected", found, want)
}

// columnOf is the greatest column of a node on line whose tag is tag, or 0.
func columnOf(n *yaml.Node, line int, tag string) int {
	col := 0
	if n.Line == line && n.Kind != yaml.DocumentNode && n.ShortTag() == tag {
		col = n.Column
	}
	for _, c := range n.Content {
		col = max(col, columnOf(c, line, tag))
	}
	return col
}
