package obcert

// CandidateFile is the candidate file (YAML; JSON accepted): what is tested and how to reach it.
// Secrets are never written in it: fields ending in Env name environment variables that hold them.
type CandidateFile struct {
	Candidate Candidate `json:"candidate" yaml:"candidate"`
	// Profile is cert-2.0, full (the default) or connect-2.1.
	Profile  string   `json:"profile,omitempty" yaml:"profile,omitempty"`
	Timeouts Timeouts `json:"timeouts,omitempty" yaml:"timeouts,omitempty"`
	// DenyPrivate refuses to connect to private, loopback, link-local, multicast and unspecified
	// addresses, checked on the address dialed after name resolution (so no DNS answer or
	// redirect gets past it). For candidates on the public internet.
	DenyPrivate bool           `json:"denyPrivate,omitempty" yaml:"denyPrivate,omitempty"`
	TLS         TLSSettings    `json:"tls,omitempty" yaml:"tls,omitempty"`
	Issuer      *IssuerRole    `json:"issuer,omitempty" yaml:"issuer,omitempty"`
	Displayer   *DisplayerRole `json:"displayer,omitempty" yaml:"displayer,omitempty"`
	Host        *HostRole      `json:"host,omitempty" yaml:"host,omitempty"`
	Connect     *ConnectRole   `json:"connect,omitempty" yaml:"connect,omitempty"`
}

// Timeouts bound the run. Values are Go durations ("10s", "2m").
type Timeouts struct {
	Request string `json:"request,omitempty" yaml:"request,omitempty"` // one HTTP exchange (default 10s)
	Spec    string `json:"spec,omitempty" yaml:"spec,omitempty"`       // one spec (default 60s)
	Run     string `json:"run,omitempty" yaml:"run,omitempty"`         // the whole run (default 15m)
}

// TLSSettings says how to trust the candidate's TLS certificates.
type TLSSettings struct {
	// CAFile is a PEM bundle of extra roots, relative to the candidate file.
	CAFile string `json:"caFile,omitempty" yaml:"caFile,omitempty"`
}

// IssuerRole declares what an Issuer candidate issued for the conformance run.
type IssuerRole struct {
	// Recipient is the identity the badges were issued to (default conformance@imsglobal.org),
	// an email, URL or telephone number.
	Recipient string `json:"recipient,omitempty" yaml:"recipient,omitempty"`
	// Badges are badges issued to Recipient: hosted, signed, baked.
	Badges []BadgeRef `json:"badges" yaml:"badges"`
	// BadgesFrom names a file (relative to the candidate file) of more badges issued to Recipient,
	// for an audit of a whole output: one badge a line, an http(s) URL or a file path (relative to
	// the candidate file), or a BadgeRef as JSON ({"name": ..., "url": ...}); empty lines and lines
	// starting with # are skipped. They are verified with bounded concurrency (PerHostConcurrency).
	BadgesFrom string `json:"badgesFrom,omitempty" yaml:"badgesFrom,omitempty"`
	// PerHostConcurrency bounds the requests in flight to any one host while the badges of
	// BadgesFrom are verified (default 4).
	PerHostConcurrency int `json:"perHostConcurrency,omitempty" yaml:"perHostConcurrency,omitempty"`
	// Revoked are badges the candidate issued and then revoked.
	Revoked []BadgeRef `json:"revoked,omitempty" yaml:"revoked,omitempty"`
	// Algorithms narrows the JWS algorithms a signed badge may use (e.g. [RS256]); empty accepts
	// RS256/384/512, PS256/384/512 and ES256/384/512. none and HMAC are never accepted.
	Algorithms []string `json:"algorithms,omitempty" yaml:"algorithms,omitempty"`
}

// BadgeRef points at one badge. Exactly one of URL, File and JWS is set. What it holds (hosted
// JSON, baked PNG or SVG, compact JWS) is told from the content, not from the field.
type BadgeRef struct {
	// Name labels the badge in the report.
	Name string `json:"name,omitempty" yaml:"name,omitempty"`
	// URL is fetched: a hosted Assertion, or a baked PNG/SVG image.
	URL string `json:"url,omitempty" yaml:"url,omitempty"`
	// File is a local file (relative to the candidate file): baked PNG/SVG, JSON or a JWS.
	File string `json:"file,omitempty" yaml:"file,omitempty"`
	// JWS is a compact JWS signed assertion.
	JWS string `json:"jws,omitempty" yaml:"jws,omitempty"`
}

// HostRole says how to drive a Host (backpack) candidate.
type HostRole struct {
	// Mode is how obcert drives the product: adapter (the conformance adapter's import and
	// export, api/adapter.yaml) or browser (the product's own import page and export links, driven
	// in headless Chromium: Browser).
	Mode string `json:"mode" yaml:"mode"`
	// Adapter is the base URL of the product's conformance adapter (POST {adapter}/import).
	Adapter string `json:"adapter,omitempty" yaml:"adapter,omitempty"`
	// Account is the recipient identity of the account badges are imported into (HOST-04: the
	// fixtures' recipient, conformance@imsglobal.org).
	Account string `json:"account,omitempty" yaml:"account,omitempty"`
	// Browser says, in browser mode, which page imports a badge and where on the product's
	// pages the result and the export links are.
	Browser *BrowserHost `json:"browser,omitempty" yaml:"browser,omitempty"`
}

// DisplayerRole says how to drive a Displayer candidate.
type DisplayerRole struct {
	// Mode is how obcert drives the product: adapter (the conformance adapter, api/adapter.yaml)
	// or manual (an operator answers what it showed, run --answers FILE; results are review),
	// or browser (the product's own page, driven in headless Chromium: Browser).
	Mode string `json:"mode" yaml:"mode"`
	// Browser says, in browser mode, which page shows a badge and where on it each field is.
	Browser *BrowserDisplayer `json:"browser,omitempty" yaml:"browser,omitempty"`
	// Adapter is the base URL of the product's conformance adapter (POST {adapter}/display).
	Adapter string `json:"adapter,omitempty" yaml:"adapter,omitempty"`
	// Badges are badges the vendor supplies (DISPLAYER-01), each with the status it must be shown
	// with; obcert verifies each with its core first.
	Badges []DisplayBadge `json:"badges,omitempty" yaml:"badges,omitempty"`
}

// DisplayBadge is a vendor-supplied badge, given as a BadgeRef is (exactly one of url, file and
// jws), and the status a displayer must show for it.
type DisplayBadge struct {
	BadgeRef `yaml:",inline"`
	// Status is valid, expired, revoked or invalid.
	Status string `json:"status" yaml:"status"`
}

// BrowserDisplayer is how the browser driver reads the product's own page: the page URL template
// ({url} is replaced by the badge, query-escaped: its URL, a data: URI of a baked image, or its
// compact JWS) and the CSS selectors of each field.
type BrowserDisplayer struct {
	Page      string           `json:"page" yaml:"page"`
	Selectors BrowserSelectors `json:"selectors" yaml:"selectors"`
}

// BrowserSelectors are the CSS selectors where the page shows each field; Image selects an img
// (its src is read), Verify a control that has the product verify the badge again.
type BrowserSelectors struct {
	Name         string `json:"name" yaml:"name"`
	Description  string `json:"description" yaml:"description"`
	Image        string `json:"image" yaml:"image"`
	Issuer       string `json:"issuer" yaml:"issuer"`
	IssuedOn     string `json:"issuedOn" yaml:"issuedOn"`
	Status       string `json:"status" yaml:"status"`
	Verify       string `json:"verify,omitempty" yaml:"verify,omitempty"`
	LastVerified string `json:"lastVerified,omitempty" yaml:"lastVerified,omitempty"`
}

// ConnectRole says how to test a Badge Connect API (Open Badges 2.1): as a Provider that obcert
// consumes, and/or as a Consumer that connects to obcert's own provider.
type ConnectRole struct {
	Provider *ConnectProvider `json:"provider,omitempty" yaml:"provider,omitempty"`
	Consumer *ConnectConsumer `json:"consumer,omitempty" yaml:"consumer,omitempty"`
}

// ConnectProvider is a Badge Connect Provider (a host's API) obcert tests by consuming it.
type ConnectProvider struct {
	// Manifest is the URL of the provider's manifest, https://HOST/.well-known/badgeconnect.json.
	Manifest string `json:"manifest" yaml:"manifest"`
	// Account is the recipient identity of the test account whose consent obcert gives; the
	// badges obcert posts are issued to it (default conformance@imsglobal.org).
	Account string `json:"account,omitempty" yaml:"account,omitempty"`
	// Consent says how obcert, playing the user agent, has the resource owner consent.
	Consent ConnectConsent `json:"consent" yaml:"consent"`
}

// ConnectConsent is how consent is given: mode form (obcert submits the provider's own login and
// consent pages, Steps in order) or token (a pre-issued access token in TokenEnv; the specs that
// need the authorization flow are then skipped, saying so).
type ConnectConsent struct {
	Mode  string        `json:"mode" yaml:"mode"`
	Steps []ConsentStep `json:"steps,omitempty" yaml:"steps,omitempty"`
	// TokenEnv names the environment variable that holds a pre-issued access token granting
	// every Badge Connect scope (mode token).
	TokenEnv string `json:"tokenEnv,omitempty" yaml:"tokenEnv,omitempty"`
}

// ConsentStep is one page of the provider's authorization flow that obcert submits: the form it
// picks, the fields it fills and the button it presses.
type ConsentStep struct {
	// Form picks the form on the page by its id, its name, or a substring of its action; empty
	// picks the page's first form.
	Form string `json:"form,omitempty" yaml:"form,omitempty"`
	// Fields are field values by field name.
	Fields map[string]string `json:"fields,omitempty" yaml:"fields,omitempty"`
	// FieldsEnv are field values read from environment variables (field name → variable), for
	// passwords: a secret is never written in the candidate file.
	FieldsEnv map[string]string `json:"fieldsEnv,omitempty" yaml:"fieldsEnv,omitempty"`
	// Submit is the name of the submit button pressed (its name=value is sent); empty presses
	// none but the form's own submission.
	Submit string `json:"submit,omitempty" yaml:"submit,omitempty"`
}

// ConnectConsumer is a Badge Connect Consumer obcert tests by being its provider.
type ConnectConsumer struct {
	// Adapter is the base URL of the consumer's conformance adapter (api/adapter.yaml): obcert
	// asks it to connect to obcert's provider.
	Adapter string `json:"adapter" yaml:"adapter"`
}
