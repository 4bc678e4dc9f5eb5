package connectconsumer

import (
	"github.com/obcert/obcert"
	"github.com/obcert/obcert/reference/internal/partfault"
)

// Fault is one named way to break the reference consumer, and exactly the consumer specs it
// makes fail (or warn, for a SHOULD).
type Fault = partfault.Fault[Option]

func fault(name, desc string, level obcert.Level, req string, specs []string, apply func(*config)) Fault {
	return partfault.New(name, desc, level, req, specs, Option(apply))
}

// Faults returns every fault of the reference consumer.
func Faults() []Fault {
	must, should := obcert.MUST, obcert.SHOULD
	return []Fault{
		fault("consumer-skips-manifest", "registers at a URL it guesses (the provider's /register) without fetching the manifest", must,
			"CONNECT-12", []string{"connect/consumer-manifest-first"}, func(c *config) { c.skipManifest = true }),
		fault("consumer-missing-registration-field", "leaves software_version out of its registration", must,
			"CONNECT-22", []string{"connect/consumer-registration"}, func(c *config) { c.dropField = true }),
		fault("consumer-http-redirect-uri", "registers (and uses) a plain http:// redirect URI", must,
			"CONNECT-23", []string{"connect/consumer-registration"}, func(c *config) { c.httpRedirect = true }),
		// Without PKCE there is no code_verifier in the token request either (CONNECT-35).
		fault("consumer-no-pkce", "authorizes without a code_challenge and exchanges the code without a code_verifier", must,
			"CONNECT-31", []string{"connect/consumer-pkce", "connect/consumer-token-basic"}, func(c *config) { c.noPKCE = true }),
		fault("consumer-plain-pkce", "uses code_challenge_method=plain instead of S256", must,
			"CONNECT-31", []string{"connect/consumer-pkce"}, func(c *config) { c.plainPKCE = true }),
		fault("consumer-secret-in-body", "sends client_id and client_secret in the token request's form body instead of HTTP Basic", must,
			"CONNECT-35", []string{"connect/consumer-token-basic"}, func(c *config) { c.secretInBody = true }),
		fault("consumer-unoffered-scope", "asks for a scope the provider does not offer, beside the Badge Connect ones", must,
			"CONNECT-45", []string{"connect/consumer-scopes"}, func(c *config) { c.unoffered = true }),
		fault("consumer-no-bearer", "sends its access token in the access_token query parameter instead of a Bearer Authorization header", must,
			"CONNECT-37", []string{"connect/consumer-bearer"}, func(c *config) { c.queryToken = true }),
		// It drops one on the nulls connection too.
		fault("consumer-drops-read", "reports one assertion fewer than it read", must,
			"CONNECT-03", []string{"connect/consumer-nulls", "connect/consumer-read"}, func(c *config) { c.dropRead = true }),
		fault("consumer-ignores-next", "reads only the first page of GET /assertions, ignoring the Link header's next", must,
			"CONNECT-04", []string{"connect/consumer-read"}, func(c *config) { c.firstPage = true }),
		fault("consumer-chokes-on-null", "gives up on an answer holding a JSON null or an empty array", should,
			"CONNECT-55", []string{"connect/consumer-nulls"}, func(c *config) { c.chokeOnNull = true }),
		fault("consumer-extension-field", "adds a field of its own to the Assertion Payload it posts", must,
			"CONNECT-06", []string{"connect/consumer-write"}, func(c *config) { c.extension = true }),
	}
}
