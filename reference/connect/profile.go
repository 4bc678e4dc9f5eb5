package connect

import (
	"encoding/json"
	"net/http"
	"net/mail"
	"net/url"
	"regexp"
)

// profileState is what POST /profile changed in the account's profile.
type profileState struct {
	url, telephone string
}

// telephoneRE is an E.164 telephone number, the form OB 2.0 gives telephone identities.
var telephoneRE = regexp.MustCompile(`^\+[1-9][0-9]{3,14}$`)

// profileDoc is the account's OB Profile.
//
// CONNECT-75: "GET /profile returns {status, profile}, where profile is a valid OB Profile."
func (p *Provider) profileDoc(r *http.Request) map[string]any {
	p.mu.Lock()
	st := p.profile
	p.mu.Unlock()
	// OBJ-20: a Profile has id, type, name, url and email. Its url is the account's page here
	// until POST /profile names another.
	page := p.origin(r) + pathProfiles + "conformance"
	d := map[string]any{"@context": "https://w3id.org/openbadges/v2", "type": "Profile",
		"id": page, "name": "Conformance Test Account", "url": page, "email": p.c.account}
	if st.url != "" {
		d["url"] = st.url
	}
	if st.telephone != "" {
		d["telephone"] = st.telephone
	}
	if p.c.f.profileLeaks {
		d["password_hash"] = "$2a$10$7EqJtq98hPqEX7fNZaFWoOhi5BWX4Z5Q0Y0kY0p2YQqvCzj9n1X5a"
		d["internal_id"] = 1
		d["created_at"] = "2026-01-01 00:00:00"
	}
	return d
}

func (p *Provider) getProfile(w http.ResponseWriter, r *http.Request) {
	fields := map[string]any{"profile": p.profileDoc(r)}
	if p.c.f.extensionField {
		fields["meta"] = map[string]any{"server": "obcert reference", "requestTime": p.now().UTC().Format("2006-01-02T15:04:05Z")}
	}
	p.status(w, http.StatusOK, textOK, "", fields)
}

// postProfile takes the identifier properties being added (CONNECT-76): a url and a telephone
// are kept at once; a new email waits for the account owner to confirm it, so the answer does
// not show it yet (the spec allows the update to be asynchronous). A value this provider cannot
// accept is a 400 BAD_REQUEST.
func (p *Provider) postProfile(w http.ResponseWriter, r *http.Request) {
	if p.c.f.profileUpdateFails {
		http.Error(w, "internal server error", http.StatusInternalServerError)
		return
	}
	var in map[string]any
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSONBody)).Decode(&in); err != nil || in == nil {
		p.status(w, http.StatusBadRequest, textValidation, "the body is not a JSON object (a Profile) within 64 KiB", nil)
		return
	}
	var st profileState
	if v, ok := in["url"]; ok {
		s, _ := v.(string)
		if u, err := url.Parse(s); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			p.status(w, http.StatusBadRequest, textBadRequest, "url must be an absolute http or https URL", nil)
			return
		}
		st.url = s
	}
	if v, ok := in["telephone"]; ok {
		s, _ := v.(string)
		if !telephoneRE.MatchString(s) {
			p.status(w, http.StatusBadRequest, textBadRequest, "telephone must be an E.164 number such as +15555550100", nil)
			return
		}
		st.telephone = s
	}
	if v, ok := in["email"]; ok {
		s, _ := v.(string)
		if a, err := mail.ParseAddress(s); err != nil || a.Address != s {
			p.status(w, http.StatusBadRequest, textBadRequest, "email must be an email address", nil)
			return
		}
	}
	p.mu.Lock()
	if st.url != "" {
		p.profile.url = st.url
	}
	if st.telephone != "" {
		p.profile.telephone = st.telephone
	}
	p.mu.Unlock()
	text := textOK
	if p.c.f.wrongStatusText {
		text = "SUCCESS"
	}
	p.status(w, http.StatusOK, text, "", map[string]any{"profile": p.profileDoc(r)})
}
