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
