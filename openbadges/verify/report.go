package verify

import (
	"github.com/obcert/obcert"
	"github.com/obcert/obcert/openbadges/jsonld"
)

// ValidatorReport is the reference validator's output shape (graph, input, report), so tools that
// parse it keep working, plus report.revoked and messages[].requirements.
type ValidatorReport struct {
	Graph  []map[string]any `json:"graph"`
	Input  ValidatorInput   `json:"input"`
	Report ValidatorBody    `json:"report"`
}

// ValidatorInput echoes what was verified.
type ValidatorInput struct {
	Value     string `json:"value"`
	InputType string `json:"input_type"`
}

// ValidatorBody is the report proper.
type ValidatorBody struct {
	ValidationSubject string            `json:"validationSubject"`
	OpenBadgesVersion string            `json:"openBadgesVersion"`
	RecipientProfile  map[string]string `json:"recipientProfile,omitempty"`
	Messages          []Message         `json:"messages"`
	ErrorCount        int               `json:"errorCount"`
	WarningCount      int               `json:"warningCount"`
	Valid             bool              `json:"valid"`
	Revoked           bool              `json:"revoked"`
	RevocationReason  string            `json:"revocationReason,omitempty"`
	// Incomplete: the validation stopped before it was done (a budget ran out, or it was cancelled
	// or timed out); IncompleteReason says why. An incomplete report is never valid.
	Incomplete       bool   `json:"incomplete,omitempty"`
	IncompleteReason string `json:"incompleteReason,omitempty"`
}

// Message is one finding in the reference validator's message shape.
type Message struct {
	Name         string          `json:"name"`
	Success      bool            `json:"success"`
	Result       string          `json:"result"`
	MessageLevel obcert.Severity `json:"messageLevel"`
	NodeID       string          `json:"node_id,omitempty"`
	PropName     string          `json:"prop_name,omitempty"`
	Requirements []string        `json:"requirements"`
	Hint         string          `json:"hint,omitempty"`
}

// ValidatorReport renders the result in the reference validator's shape.
func (r *Result) ValidatorReport() ValidatorReport {
	out := ValidatorReport{
		Graph:  make([]map[string]any, 0, len(r.Graph)),
		Input:  ValidatorInput{Value: r.InputValue, InputType: r.InputType},
		Report: r.ValidatorBody(),
	}
	for _, n := range r.Graph {
		node := make(map[string]any, len(n.Data)+2)
		for k, v := range n.Data {
			node[k] = v
		}
		node["@context"] = jsonld.V2
		if _, ok := node["id"]; !ok {
			node["id"] = n.ID
		}
		out.Graph = append(out.Graph, node)
	}
	return out
}

// ValidatorBody is the report part of ValidatorReport alone (verdict, counts and messages), for a
// caller that writes no graph.
func (r *Result) ValidatorBody() ValidatorBody {
	out := ValidatorBody{
		ValidationSubject: r.Subject, OpenBadgesVersion: r.Version, RecipientProfile: r.RecipientProfile,
		Messages:   make([]Message, 0, len(r.Findings)),
		ErrorCount: r.Count(obcert.Error), WarningCount: r.Count(obcert.Warning),
		Valid: r.Valid, Revoked: r.Revoked, RevocationReason: r.RevocationReason,
		Incomplete: r.Incomplete, IncompleteReason: r.IncompleteReason,
	}
	for _, f := range r.Findings {
		out.Messages = append(out.Messages, Message{
			Name: f.Check, Result: f.Message, MessageLevel: f.Severity, NodeID: f.Node,
			PropName: f.Property, Requirements: f.Requirements, Hint: f.Hint,
		})
	}
	return out
}
