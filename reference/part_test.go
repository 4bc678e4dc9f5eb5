package reference

import (
	"net/http"
	"testing"

	"github.com/obcert/obcert"
)

// methodsPart is a part that answers every method at /echo with the method's name, as a Badge
// Connect provider's POST /assertions will.
type methodsPart struct{}

func (methodsPart) mount(mux *http.ServeMux) {
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		write(w, http.StatusOK, typePlain, []byte(r.Method))
	})
}

func (methodsPart) describe(cf *obcert.CandidateFile) { cf.Candidate.Vendor += " + echo" }

func TestEveryMethodReachesAPart(t *testing.T) {
	saved := parts
	t.Cleanup(func() { parts = saved })
	parts = append(parts[:len(parts):len(parts)],
		rolePart{obcert.RoleHost, func(string, *config, []Fault) (part, error) { return methodsPart{}, nil }})
	s := start(t)
	for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch} {
		if r := fetch(t, method, s.URL()+"/echo", ""); r.status != http.StatusOK || string(r.body) != method {
			t.Errorf("%s /echo = %d %q", method, r.status, r.body)
		}
	}
	if r := get(t, s, pathIssuer); r.status != http.StatusOK {
		t.Errorf("the issuer part beside it: GET %s = %d", pathIssuer, r.status)
	}
	if v := s.CandidateFile().Candidate.Vendor; v != "obcert + echo" {
		t.Errorf("the candidate file was not described by both parts: vendor %q", v)
	}
}

func TestOtherMethodsAreRefused(t *testing.T) {
	s := start(t)
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions} {
		req, err := http.NewRequest(method, s.URL()+pathHosted, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", method, err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s = %d, Allow %q; want 405 and GET, HEAD", method, resp.StatusCode, resp.Header.Get("Allow"))
		}
	}
}
