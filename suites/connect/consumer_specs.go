package connect

import (
	"github.com/obcert/obcert"
	"github.com/obcert/obcert/suites"
)

// consumerSpecs are the specs of a Badge Connect Consumer, which connects to obcert's provider.
func consumerSpecs() []suites.Spec { return nil }

// checkConsumer checks the connect.consumer section.
func checkConsumer(c obcert.ConnectConsumer, _ string) error {
	return suites.CheckURL("connect.consumer.adapter", c.Adapter)
}
