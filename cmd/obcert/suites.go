package main

import (
	"github.com/obcert/obcert/suites"
	"github.com/obcert/obcert/suites/connect"
	"github.com/obcert/obcert/suites/displayer"
	"github.com/obcert/obcert/suites/host"
	"github.com/obcert/obcert/suites/issuer"
)

// registered lists the role suites the harness certifies: adding a role is one line here.
func registered() []suites.Suite {
	return []suites.Suite{
		issuer.Suite(),
		displayer.Suite(),
		host.Suite(),
		connect.Suite(),
	}
}
