package runner

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"reflect"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/internal/limits"
)

// MaxWaiversFileBytes is the largest waivers file LoadWaivers reads.
const MaxWaiversFileBytes = 1 << 20

// expiryLayout is how a waiver writes its expiry date.
const expiryLayout = "2006-01-02"

// waiversFile is the shape of a waivers file: `waivers: [{spec|requirement, reason, expires, link}]`.
type waiversFile struct {
	Waivers []obcert.Waiver `yaml:"waivers"`
}

// LoadWaivers reads a waivers file (YAML, or JSON) strictly: an unknown field, a waiver naming
// both or neither of spec and requirement, a missing reason, or an expiry that is not a
// YYYY-MM-DD date is an error naming the field's path and line.
func LoadWaivers(path string) ([]obcert.Waiver, error) {
	raw, err := limits.ReadFile(path, MaxWaiversFileBytes)
	if err != nil {
		return nil, err
	}
	ws, err := decodeWaivers(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ws, nil
}

func decodeWaivers(raw []byte) ([]obcert.Waiver, error) {
	root, err := decodeOneDocument(raw, "waivers file")
	if err != nil {
		return nil, err
	}
	if err := unknownFields(root, "", reflect.TypeFor[waiversFile]()); err != nil {
		return nil, err
	}
	var f waiversFile
	if err := root.Decode(&f); err != nil {
		return nil, typeError(root, err)
	}
	items := sequenceItems(root, "waivers")
	var errs []error
	for i, w := range f.Waivers {
		line := 0
		if i < len(items) {
			line = items[i].Line
		}
		if err := checkWaiver(w); err != nil {
			errs = append(errs, fmt.Errorf("waivers[%d] (line %d): %w", i, line, err))
		}
	}
	return f.Waivers, errors.Join(errs...)
}

// decodeOneDocument parses exactly one YAML document into a node; what names the file in errors.
func decodeOneDocument(raw []byte, what string) (*yaml.Node, error) {
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("the %s is empty", what)
		}
		return nil, syntaxError(raw, err)
	}
	if err := dec.Decode(new(yaml.Node)); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("the %s must hold one YAML document, not several", what)
	}
	return &root, nil
}

// sequenceItems returns the items of the sequence under key in the document's top mapping.
func sequenceItems(doc *yaml.Node, key string) []*yaml.Node {
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		doc = doc.Content[0]
	}
	for i := 0; doc.Kind == yaml.MappingNode && i+1 < len(doc.Content); i += 2 {
		if doc.Content[i].Value == key {
			return doc.Content[i+1].Content
		}
	}
	return nil
}

func checkWaiver(w obcert.Waiver) error {
	var errs []error
	if (w.Spec == "") == (w.Requirement == "") {
		errs = append(errs, errors.New("name exactly one of spec and requirement"))
	}
	if strings.TrimSpace(w.Reason) == "" {
		errs = append(errs, errors.New("reason: say why the failure is accepted"))
	}
	if _, err := time.Parse(expiryLayout, w.Expires); err != nil {
		errs = append(errs, fmt.Errorf("expires: %q is not a date such as 2027-06-30", w.Expires))
	}
	if w.Link != "" {
		if u, err := url.Parse(w.Link); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			errs = append(errs, fmt.Errorf("link: %q is not an http(s) URL", w.Link))
		}
	}
	return errors.Join(errs...)
}
