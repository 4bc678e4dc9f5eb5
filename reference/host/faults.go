package host

import (
	"github.com/obcert/obcert"
	"github.com/obcert/obcert/reference/internal/partfault"
)

// Fault is one named way to break the reference host, and exactly the host specs it makes fail
// (or warn, for a SHOULD).
type Fault = partfault.Fault[Option]

func fault(name, desc string, level obcert.Level, req string, specs []string, apply func(*config)) Fault {
	return partfault.New(name, desc, level, req, specs, Option(apply))
}

// Faults returns every fault of the reference host.
func Faults() []Fault {
	must, should := obcert.MUST, obcert.SHOULD
	return []Fault{
		fault("host-drops-property", "drops the Assertion's expires on JSON export", must,
			"HOST-05", []string{"host/round-trip"}, func(c *config) { c.dropProperty = true }),
		fault("host-drops-extension", "drops every extension of the Assertion on JSON export", must,
			"HOST-05", []string{"host/round-trip"}, func(c *config) { c.dropExtension = true }),
		fault("host-changes-value", "exports the Assertion with another issuedOn", must,
			"HOST-05", []string{"host/round-trip"}, func(c *config) { c.changeValue = true }),
		fault("host-accepts-tampered", "never checks a JWS signature: a tampered badge is imported as valid", must,
			"HOST-08", []string{"host/refuses-invalid"}, func(c *config) { c.acceptTampered = true }),
		fault("host-accepts-revoked", "imports a revoked badge as valid, and keeps calling it valid", must,
			// a host blind to revocation cannot see the later revocation either (HOST-16)
			"HOST-08", []string{"host/refuses-invalid", "host/reverification"}, func(c *config) { c.acceptRevoked = true }),
		fault("host-ignores-account", "imports a badge into any account, whoever its recipient is", must,
			"HOST-08", []string{"host/refuses-invalid"}, func(c *config) { c.ignoreAccount = true }),
		fault("host-never-reverifies", "exports the status of the import, verifying nothing again", should,
			"HOST-16", []string{"host/reverification"}, func(c *config) { c.neverReverify = true }),
		refuses("png", "HOST-01", must, "host/import-png"),
		refuses("svg", "HOST-02", must, "host/import-svg"),
		// The valid hosted badge imported by URL is the refusals' positive control, and the badge
		// revoked after its import is imported by URL too.
		refuses("url", "HOST-03", must, "host/import-url", "host/refuses-invalid", "host/reverification"),
		refuses("jws", "HOST-10", should, "host/import-jws"),
		refuses("json", "HOST-16", should, "host/import-json"),
		fault("host-silent-refusal", "refuses a bad import without saying why", should,
			"HOST-11", []string{"host/refusal-reason"}, func(c *config) { c.silentRefusal = true }),
	}
}

// refuses is the fault of a host that cannot import badges given in form.
func refuses(form, req string, level obcert.Level, specs ...string) Fault {
	return fault("host-refuses-"+form, "refuses every badge given as "+form, level, req, specs,
		func(c *config) { c.refuseForm = form })
}
