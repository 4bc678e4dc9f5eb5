package suites

import "errors"

// DriveError is why a role's driver (a conformance adapter, a browser, an operator's answers)
// read no answer. Unreachable: the product gave no answer at all.
type DriveError struct {
	Reason      string
	Unreachable bool
	Evidence    []string
}

func (e *DriveError) Error() string { return e.Reason }

// ReadAnswer records in o why a driver's answer about subject could not be read (an error when
// the product was unreachable, unread otherwise), and reports whether it was read.
func ReadAnswer(o *Outcome, subject string, err error) bool {
	var de *DriveError
	switch {
	case err == nil:
		return true
	case errors.As(err, &de) && de.Unreachable:
		o.CouldNotReach(subject, de.Reason)
	case errors.As(err, &de):
		o.AddEvidence(de.Evidence...)
		o.CouldNotRead(subject, de.Reason)
	default:
		o.CouldNotRead(subject, err.Error())
	}
	return false
}
