package runner

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/suites"
)

func TestCatalogueIsValid(t *testing.T) {
	specs, err := LoadCatalogue(issuerOnly)
	if err != nil {
		t.Fatal(err)
	}
	if len(specs) == 0 {
		t.Fatal("the catalogue is empty")
	}
}

func selectionCatalogue() []suites.Spec {
	nop := checks("x")
	full := fakeSpec("full-only", obcert.SHOULD, "ISSUER-09", nop)
	full.Profiles = []obcert.Profile{obcert.ProfileFull}
	host := fakeSpec("x", obcert.MUST, "HOST-01", nop)
	host.ID, host.Role = "host/imports", obcert.RoleHost
	return []suites.Spec{fakeSpec("a", obcert.MUST, "ISSUER-01", nop), full, host,
		fakeSpec("revoked", obcert.MUST, "ISSUER-17", nop)}
}

func ids(specs []suites.Spec) []string {
	var out []string
	for _, s := range specs {
		out = append(out, s.ID)
	}
	return out
}

func TestSelect(t *testing.T) {
	cases := []struct {
		name    string
		cfg     Config
		profile obcert.Profile
		want    []string
	}{
		{"everything in full", Config{}, "full", []string{"issuer/a", "issuer/full-only", "host/imports", "issuer/revoked"}},
		{"profile", Config{}, "cert-2.0", []string{"issuer/a", "host/imports", "issuer/revoked"}},
		{"role", Config{Roles: []obcert.Role{obcert.RoleHost}}, "full", []string{"host/imports"}},
		{"requirement", Config{Requirements: []string{"issuer-17"}}, "full", []string{"issuer/revoked"}},
		{"label filter", Config{LabelFilter: "issuer && !SHOULD"}, "full", []string{"issuer/a", "issuer/revoked"}},
		{"label filter on a profile", Config{LabelFilter: "!cert-2.0"}, "full", []string{"issuer/full-only"}},
		{"focus on id", Config{Focus: []string{"revoked$", "^host"}}, "full", []string{"host/imports", "issuer/revoked"}},
		{"focus on title", Config{Focus: []string{"fake check a$"}}, "full", []string{"issuer/a"}},
		{"all filters at once", Config{Roles: []obcert.Role{obcert.RoleIssuer}, LabelFilter: "MUST",
			Requirements: []string{"ISSUER-01", "ISSUER-09"}}, "full", []string{"issuer/a"}},
		{"nothing", Config{LabelFilter: "displayer"}, "full", nil},
		{"spec IDs", Config{SpecIDs: []string{"issuer/revoked", "issuer/gone", "issuer/a"}}, "full", []string{"issuer/a", "issuer/revoked"}},
		{"skip by id, requirement and label", Config{Skip: []string{"issuer/a", "issuer-17", "should"}}, "full", []string{"host/imports"}},
		{"skip a role", Config{Skip: []string{"host"}}, "cert-2.0", []string{"issuer/a", "issuer/revoked"}},
	}
	for _, c := range cases {
		c.cfg.Suites = suitesOf(selectionCatalogue()...)
		got, err := Select(selectionCatalogue(), c.cfg, c.profile)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !slices.Equal(ids(got), c.want) {
			t.Errorf("%s: got %v, want %v", c.name, ids(got), c.want)
		}
	}
}

func TestSelectRefusesBadFilters(t *testing.T) {
	for name, cfg := range map[string]Config{
		"label filter":    {LabelFilter: "issuer && (("},
		"focus":           {Focus: []string{"[a-"}},
		"role":            {Roles: []obcert.Role{"printer"}},
		"requirement":     {Requirements: []string{"NOPE-1"}},
		"unknown profile": {Profile: "x"},
	} {
		profile := "full"
		if cfg.Profile != "" {
			profile = cfg.Profile
		}
		cfg.Suites = suitesOf(selectionCatalogue()...)
		_, err := Select(selectionCatalogue(), cfg, obcert.Profile(profile))
		var ue *UsageError
		if !errors.As(err, &ue) {
			t.Errorf("%s: got %v, want a *UsageError", name, err)
		}
	}
}

func TestBadLabelIsAUsageError(t *testing.T) {
	bad := fakeSpec("a", obcert.MUST, "ISSUER-01", checks("x"))
	bad.Requirements = []string{"ISSUER-01", "not a label("}
	_, err := Run(context.Background(), Config{Suites: suitesOf(bad), DryRun: true})
	if err == nil || !strings.Contains(err.Error(), "catalogue is invalid") {
		t.Errorf("got %v, want the catalogue refused", err)
	}
}
