package main

import (
	"bytes"
	"fmt"

	"go.yaml.in/yaml/v3"
)

// candidateYAML is the annotated candidate file the init flags describe. It is built as YAML
// nodes, so every value is quoted as YAML needs and every comment stays next to its field.
func candidateYAML(f initFlags) ([]byte, error) {
	doc := mapping(
		field("candidate", "What is certified: the report names it.", mapping(
			field("name", "", scalar(f.name)),
			field("version", "", scalar(f.version)),
			field("vendor", "", scalar(f.vendor)))),
		field("profile", "cert-2.0: exactly what the IMS OB 2.0 certification guide asks; full: every automatable check.", scalar(f.profile)),
		field("issuer", "The Issuer role. Secrets never go in this file.", issuerNode(f)),
	)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	head := "An obcert candidate file, written by 'obcert init': what is tested and how to reach it.\n" +
		"Check it with 'obcert run --dry-run -c FILE', then certify with 'obcert run -c FILE'."
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, HeadComment: head, Content: []*yaml.Node{doc}}); err != nil {
		return nil, fmt.Errorf("writing the candidate file: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("writing the candidate file: %w", err)
	}
	return buf.Bytes(), nil
}

func issuerNode(f initFlags) *yaml.Node {
	var badges []*yaml.Node
	for i, u := range f.urls {
		badges = append(badges, mapping(field("name", "", scalar(fmt.Sprintf("badge-%d", i+1))), field("url", "", scalar(u))))
	}
	for i, p := range f.files {
		badges = append(badges, mapping(field("name", "", scalar(fmt.Sprintf("file-%d", i+1))), field("file", "", scalar(p))))
	}
	fields := []*yaml.Node{
		field("recipient", "The identity the badges were issued to; IMS certification uses conformance@imsglobal.org.", scalar(f.recipient)),
		field("badges", "Badges issued to the recipient: each names one of url, file (relative to this file) or jws;\nwhat it holds (hosted JSON, baked PNG/SVG, JWS) is told from the content.", sequence(badges)),
	}
	if len(f.revoked) > 0 {
		var revoked []*yaml.Node
		for i, u := range f.revoked {
			revoked = append(revoked, mapping(field("name", "", scalar(fmt.Sprintf("revoked-%d", i+1))), field("url", "", scalar(u))))
		}
		fields = append(fields, field("revoked", "Badges the product issued and then revoked (hosted: 410 Gone; signed: in the RevocationList).", sequence(revoked)))
	}
	return mapping(fields...)
}

// field is one key and its value; a non-empty comment goes above the key.
func field(key, comment string, value *yaml.Node) *yaml.Node {
	k := scalar(key)
	k.HeadComment = comment
	return &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{k, value}} // unwrapped by mapping
}

func mapping(fields ...*yaml.Node) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode}
	for _, f := range fields {
		m.Content = append(m.Content, f.Content...)
	}
	return m
}

func sequence(items []*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Content: items}
}

func scalar(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}
