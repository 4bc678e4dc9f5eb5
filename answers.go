package obcert

// Answers is an operator's answers file for a displayer driven in manual mode: for each fixture
// id (or vendor badge label) what the product showed, with the evidence files behind it.
type Answers map[string]DisplayAnswer

// DisplayAnswer is what the product showed for one badge, as the operator read it.
type DisplayAnswer struct {
	Name         string `json:"name" yaml:"name"`
	Description  string `json:"description" yaml:"description"`
	Image        string `json:"image" yaml:"image"`
	IssuerName   string `json:"issuerName" yaml:"issuerName"`
	IssuedOn     string `json:"issuedOn" yaml:"issuedOn"`
	Status       string `json:"status" yaml:"status"`
	LastVerified string `json:"lastVerified" yaml:"lastVerified"`
	// Evidence are screenshot or video files, relative to the answers file (once copied into the
	// report folder, relative to it).
	Evidence []string `json:"evidence,omitempty" yaml:"evidence,omitempty"`
	// AfterVerify is what the product showed once the operator had it verify the badge again.
	AfterVerify *DisplayAnswer `json:"afterVerify,omitempty" yaml:"afterVerify,omitempty"`
}

// Review decisions an auditor records on a review result.
const (
	ReviewAccepted = "accepted"
	ReviewRejected = "rejected"
)

// ReviewDecision is an auditor's decision on a review result (`obcert review`): who, when, which
// way, and why.
type ReviewDecision struct {
	By       string `json:"by"`
	At       string `json:"at"`
	Decision string `json:"decision"`
	Note     string `json:"note,omitempty"`
}

// Decided reports whether the result is a review result with an auditor's decision.
func (res Result) Decided() bool {
	return res.State == StateReview && res.Review != nil &&
		(res.Review.Decision == ReviewAccepted || res.Review.Decision == ReviewRejected)
}
