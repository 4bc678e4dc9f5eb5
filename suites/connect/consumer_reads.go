package connect

import (
	"encoding/json"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strings"

	"github.com/obcert/obcert/fixtures"
	"github.com/obcert/obcert/suites"
)

// CONNECT-03: "GET /ims/ob/v2p1/assertions and GET /ims/ob/v2p1/profile (both need a token)".
// CONNECT-04: the consumer "supports the endpoints" and handles the fields served. It reads both,
// and reports (its adapter's answer) the assertions and the profile it read, equal to those
// served. reqs are the requirements a difference violates (CONNECT-55 for the nulls connection).
func judgeReads(o *suites.Outcome, c *connection, reqs []string, hint string) {
	for _, ep := range []string{fixtures.ConnectAssertions, fixtures.ConnectProfile} {
		subject := c.Name + ": GET " + ep
		reads := c.exchanges(http.MethodGet, ep)
		switch {
		case len(reads) == 0:
			o.Problemf(subject, reqs, hint, "the consumer never read GET %s", ep)
		case !slices.ContainsFunc(reads, func(x fixtures.ConnectExchange) bool { return x.Status == http.StatusOK }):
			o.Problemf(subject, reqs, hint, "no GET %s of the consumer was answered 200 (the provider answered %d)", ep, reads[len(reads)-1].Status)
		default:
			o.Check(subject)
		}
	}
	if c.AnsErr != nil {
		o.AddEvidence(c.Evidence...)
		o.Problemf(c.Name+": what the consumer read", reqs, hint, "the consumer reported nothing it read: %s", c.AnsErr.Error())
		return
	}
	o.AddEvidence(c.Evidence...)
	subject := c.Name + ": the assertions reported"
	o.Check(subject)
	served := c.Rec.Served
	if lost, extra := diff(served.IDs, c.Answer.Assertions), diff(c.Answer.Assertions, served.IDs); len(lost) > 0 || len(extra) > 0 {
		o.Problemf(subject, reqs, hint, "the consumer reports %d assertions where %d were served%s%s", len(c.Answer.Assertions), len(served.IDs),
			listed(" (not reported: ", lost), listed(" (never served: ", extra))
	}
	judgeProfile(o, c, reqs, hint)
}

// judgeProfile compares the Profile reported with the one served: the same id, and every
// reported property that is not null the same as served.
func judgeProfile(o *suites.Outcome, c *connection, reqs []string, hint string) {
	subject := c.Name + ": the profile reported"
	o.Check(subject)
	served, got := c.Rec.Served.Profile, c.Answer.Profile
	if got["id"] != served["id"] {
		o.Problemf(subject, reqs, hint, "the consumer reports a profile whose id is %s, not the id served, %s", jsonText(got["id"]), jsonText(served["id"]))
		return
	}
	for _, k := range slices.Sorted(maps.Keys(got)) {
		if v := got[k]; v != nil && !reflect.DeepEqual(v, served[k]) {
			o.Problemf(subject, reqs, hint, "the consumer reports the profile's %s as %s, where %s was served", k, jsonText(v), jsonText(served[k]))
		}
	}
}

// diff returns what of a is not in b.
func diff(a, b []string) []string {
	var out []string
	for _, s := range a {
		if !slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}

func listed(prefix string, ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	return prefix + strings.Join(ids, ", ") + ")"
}

// checkRead judges the first connection's reads.
func checkRead(o *suites.Outcome, s *consumerSession) {
	c := s.first()
	if len(c.resources()) == 0 && c.AnsErr != nil {
		missing(o, c, true, "reads", "no request to the assertions or profile endpoints")
		return
	}
	judgeReads(o, c, []string{"CONNECT-03"}, "Read GET /assertions (every page) and GET /profile, and keep every assertion and the profile as served.")
}

// CONNECT-55: "Clients accept JSON null and empty arrays even if they never send them." The nulls
// connection's provider answers status.error null, signedAssertions [] and null Profile fields.
func checkNulls(o *suites.Outcome, s *consumerSession) {
	c := s.nulls()
	if c == nil {
		o.CouldNotRead(nullsConnection, "the harness made no connection with nulls")
		return
	}
	judgeReads(o, c, []string{"CONNECT-55"}, "Accept JSON null for optional fields (status.error, Profile properties) and empty arrays (signedAssertions: []) in Badge Connect answers.")
}

// assertionPayload are the fields of an Assertion Payload (CONNECT-73).
var assertionPayload = []string{"assertion", "signedAssertion"}

// CONNECT-06: Consumer (Write) posts to POST /assertions, "same token, field and no-extension
// rules as CONNECT-04": an Assertion Payload carrying the badge, with no field the schema does not
// define.
func checkWrite(o *suites.Outcome, s *consumerSession) {
	c := s.first()
	posts := c.exchanges(http.MethodPost, fixtures.ConnectAssertions)
	if len(posts) == 0 {
		missing(o, c, true, "POST "+fixtures.ConnectAssertions, "no POST "+fixtures.ConnectAssertions+" with the badge the consumer was given")
		return
	}
	req := []string{"CONNECT-06"}
	hint := "POST the badge as an Assertion Payload: {\"signedAssertion\": JWS} or {\"assertion\": {...}}, Content-Type application/json, and no field of your own."
	for _, x := range posts {
		subject := c.Name + ": " + describe(x)
		o.Check(subject)
		var payload map[string]any
		if mediaType(x.Header) != "application/json" || json.Unmarshal(x.Body, &payload) != nil || payload == nil {
			o.Problemf(subject, req, hint, "the body is not a JSON object sent as application/json")
			continue
		}
		for _, k := range slices.Sorted(maps.Keys(payload)) {
			if !slices.Contains(assertionPayload, k) {
				o.Problemf(subject, req, hint, "the Assertion Payload carries the field %q, which the Badge Connect schema does not define (an extension data field)", clip(k, 80))
			}
		}
		judgePosted(o, subject, c, payload, req, hint)
	}
	if c.AnsErr == nil && c.Answer.Posted != nil {
		last := posts[len(posts)-1]
		if c.Answer.Posted.StatusCode != last.Status {
			o.Problemf(c.Name+": the post reported", req, hint, "the consumer reports its post answered %d, but the provider answered %d", c.Answer.Posted.StatusCode, last.Status)
		}
	}
}

// judgePosted checks the payload carries the badge given, as given.
func judgePosted(o *suites.Outcome, subject string, c *connection, payload map[string]any, req []string, hint string) {
	g := c.Given
	if g == nil {
		return
	}
	switch {
	case g.JWS != "" && payload["signedAssertion"] != g.JWS:
		o.Problemf(subject, req, hint, "signedAssertion is not the compact JWS the consumer was given to post")
	case g.JWS == "" && !reflect.DeepEqual(payload["assertion"], any(g.JSON)):
		o.Problemf(subject, req, hint, "assertion is not the Assertion the consumer was given to post")
	}
}
