// Package match gives the suites' repeated assertions a domain name and a failure message that
// explains itself.
package match
