package connect

import (
	"context"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/suites"
)

// consumerSpecs are the specs of a Badge Connect Consumer, which connects to obcert's provider.
// The consumer connects twice per run (Env.Memo): to a provider answering every optional field,
// and to one answering JSON nulls and empty arrays; the protocol specs judge every request of
// both, the read and write specs the first connection, the nulls spec the second.
func consumerSpecs() []suites.Spec {
	must, should := obcert.MUST, obcert.SHOULD
	return []suites.Spec{
		{ID: "connect/consumer-manifest-first", Requirements: []string{"CONNECT-12", "CONNECT-03"}, Level: must,
			Title: "fetches the provider's manifest before registering, then authorizes and exchanges the code in that order",
			Hint:  "Fetch the manifest at the URL configured and take the registration, authorization and token URLs from it.",
			Body:  eachConnection(checkManifestFirst)},
		{ID: "connect/consumer-registration", Requirements: []string{"CONNECT-20", "CONNECT-22", "CONNECT-23", "CONNECT-24"}, Level: must,
			Title: "registers with an RFC 7591 JSON POST carrying every required field, all URLs https on one host, client_secret_basic and the allowed grant and response types",
			Hint:  "POST the client metadata as JSON with every field Badge Connect requires, https URLs on one host, client_secret_basic, authorization_code and code.",
			Body:  eachConnection(checkRegistration)},
		{ID: "connect/consumer-pkce", Requirements: []string{"CONNECT-31"}, Level: must,
			Title: "authorizes with PKCE S256, a state and a registered redirect_uri, and exchanges the code with the matching code_verifier",
			Hint:  "Send code_challenge=BASE64URL(SHA256(code_verifier)) with code_challenge_method=S256, and the code_verifier in the token request.",
			Body:  eachConnection(checkPKCE)},
		{ID: "connect/consumer-token-basic", Requirements: []string{"CONNECT-35"}, Level: must,
			Title: "exchanges the code with HTTP Basic client authentication (the secret never in the body) and a form with grant_type, code, redirect_uri and code_verifier",
			Hint:  "Use token_endpoint_auth_method client_secret_basic: a Basic Authorization header, and no client_secret in the form.",
			Body:  eachConnection(checkTokenBasic)},
		{ID: "connect/consumer-scopes", Requirements: []string{"CONNECT-45", "CONNECT-04"}, Level: must,
			Title: "asks only for Badge Connect scopes the manifest offers, and calls each endpoint with a token granted its scope",
			Hint:  "Ask for the scopes of the endpoints you call, from scopesOffered.",
			Body:  eachConnection(checkScopes)},
		{ID: "connect/consumer-bearer", Requirements: []string{"CONNECT-37"}, Level: must,
			Title: "sends its access token in a Bearer Authorization header on every resource request",
			Hint:  "Send the access token as a Bearer Authorization header, never in the URL.",
			Body:  eachConnection(checkBearer)},
		{ID: "connect/consumer-read", Requirements: []string{"CONNECT-03", "CONNECT-04"}, Level: must,
			Title: "reads GET /assertions and GET /profile, and reports exactly the assertions and profile served",
			Hint:  "Read every assertion (unsigned and signed) and the profile the provider serves.",
			Body:  session(checkRead)},
		{ID: "connect/consumer-nulls", Requirements: []string{"CONNECT-55"}, Level: should,
			Title: "reads answers holding JSON null fields and empty arrays, and still reports what was served",
			Hint:  "Accept JSON null and empty arrays wherever the schema allows them.",
			Body:  session(checkNulls)},
		{ID: "connect/consumer-write", Requirements: []string{"CONNECT-06"}, Level: must,
			Title: "posts the badge it is given to POST /assertions as an Assertion Payload with no extension fields",
			Hint:  "POST {\"signedAssertion\": JWS} or {\"assertion\": {...}} and nothing else.",
			Body:  session(checkWrite)},
	}
}

// session is a consumer spec's body: skipped without a connect.consumer section, an error when
// the harness could not serve its provider or reach the consumer, otherwise judge's outcome.
func session(judge func(o *suites.Outcome, s *consumerSession)) func(context.Context, *suites.Env, suites.Spec) suites.Outcome {
	return func(ctx context.Context, env *suites.Env, _ suites.Spec) suites.Outcome {
		if env.Candidate.Connect == nil || env.Candidate.Connect.Consumer == nil {
			return suites.Skipped("the candidate file declares no connect.consumer section")
		}
		var o suites.Outcome
		s := consumerSessionOf(ctx, env)
		if s.err != nil {
			o.CouldNotReach("obcert's Badge Connect provider", "the consumer could not be tested: "+s.err.Error())
			return o
		}
		for _, c := range s.conns {
			o.AddEvidence(c.Evidence...)
		}
		// A consumer that answered the first connection and then not the nulls one failed on the
		// nulls (connect/consumer-nulls says so); one that never answered could not be tested.
		first := s.first()
		if first == nil {
			o.CouldNotReach(firstConnection, "the harness made no connection (a harness bug)")
			return o
		}
		if !suites.ReadAnswer(&o, first.Name, unreachable(first.AnsErr)) {
			return o
		}
		judge(&o, s)
		return o
	}
}

// unreachable is err when the consumer's adapter did not answer at all, else nil: an answer that
// is not a ConnectAnswer is judged by the specs, as what the consumer did.
func unreachable(err error) error {
	if isUnreachable(err) {
		return err
	}
	return nil
}

// checkConsumer checks the connect.consumer section.
func checkConsumer(c obcert.ConnectConsumer, _ string) error {
	return suites.CheckURL("connect.consumer.adapter", c.Adapter)
}

// eachConnection judges check on every connection: the first must have made the request judged,
// the nulls connection is judged on what it did.
func eachConnection(check func(o *suites.Outcome, c *connection, required bool)) func(context.Context, *suites.Env, suites.Spec) suites.Outcome {
	return session(func(o *suites.Outcome, s *consumerSession) {
		for _, c := range s.conns {
			check(o, c, c.Name == firstConnection)
		}
	})
}
