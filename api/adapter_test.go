package api

import (
	"slices"
	"strings"
	"testing"
)

// TestAdapterIsOpenAPI3 checks the adapter document's structure: OpenAPI 3.x, a POST operation at
// /display and /verify, each taking a BadgeInput and answering a Display, and the Display schema's
// required fields and status enum.
func TestAdapterIsOpenAPI3(t *testing.T) {
	d, err := Parse(AdapterYAML)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(d.OpenAPI, "3.") {
		t.Errorf("openapi is %q, want 3.x", d.OpenAPI)
	}
	for _, p := range []string{"/display", "/verify", "/import", "/export"} {
		if _, ok := d.Paths[p]["post"]; !ok {
			t.Errorf("no POST operation at %s", p)
		}
	}
	disp := d.Components.Schemas["Display"]
	want := []string{"name", "description", "image", "issuerName", "issuedOn", "status", "lastVerified"}
	if !slices.Equal(disp.Required, want) {
		t.Errorf("Display requires %v, want %v", disp.Required, want)
	}
	for _, r := range disp.Required {
		if _, ok := disp.Properties[r]; !ok {
			t.Errorf("Display requires %s but does not describe it", r)
		}
	}
	if got := disp.Properties["status"].Enum; !slices.Equal(got, []string{"valid", "expired", "revoked", "invalid"}) {
		t.Errorf("status enum %v", got)
	}
	if disp.Properties["lastVerified"].Format != "date-time" {
		t.Error("lastVerified is not a date-time")
	}
	if in := d.Components.Schemas["BadgeInput"]; len(in.Properties) != 4 {
		t.Errorf("BadgeInput describes %d properties, want url, image, mediaType, jws", len(in.Properties))
	}
	imp := d.Components.Schemas["ImportRequest"]
	if !slices.Contains(imp.Required, "account") || len(imp.Properties) != 6 {
		t.Errorf("ImportRequest requires %v and describes %d properties, want account and url, image, mediaType, jws, json", imp.Required, len(imp.Properties))
	}
	if got := d.Components.Schemas["ImportAnswer"].Properties["status"].Enum; !slices.Equal(got, []string{"imported", "refused"}) {
		t.Errorf("ImportAnswer status enum %v", got)
	}
	if got := d.Components.Schemas["ExportRequest"].Properties["as"].Enum; !slices.Equal(got, []string{"json", "png", "svg"}) {
		t.Errorf("ExportRequest as enum %v", got)
	}
}

// TestConnectOperation checks the Badge Connect consumer's operation: POST /connect taking a
// ConnectRequest and answering a ConnectAnswer whose required fields it describes.
func TestConnectOperation(t *testing.T) {
	d, err := Parse(AdapterYAML)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := d.Paths["/connect"]["post"]; !ok {
		t.Error("no POST operation at /connect")
	}
	if req := d.Components.Schemas["ConnectRequest"]; !slices.Equal(req.Required, []string{"manifest", "account"}) {
		t.Errorf("ConnectRequest requires %v", req.Required)
	}
	s, err := ConnectAnswerShape()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.Required, []string{"assertions", "profile"}) || s.Properties["assertions"].Items == nil ||
		s.Properties["assertions"].Items.Type != "string" || s.Properties["profile"].Type != "object" {
		t.Errorf("ConnectAnswer requires %v with assertions %+v and profile %+v", s.Required, s.Properties["assertions"], s.Properties["profile"])
	}
	if p := s.Properties["posted"]; !slices.Equal(p.Required, []string{"statusCode", "statusText"}) {
		t.Errorf("ConnectAnswer posted requires %v", p.Required)
	}
}
