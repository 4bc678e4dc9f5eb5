package obcert

// Exchange is one recorded HTTP exchange of a run, as a report page shows it: secrets already
// redacted, the response body cut. Its index is the N of the evidence reference
// "exchanges.har#entry=N".
type Exchange struct {
	Method string
	URL    string
	// Status is 0 when no response came; Error then says why.
	Status      int
	Error       string
	ContentType string
	// Body is the start of the response body as text ("" for a body that is not UTF-8 text,
	// which BodyNote then describes).
	Body     string
	BodyNote string
}
