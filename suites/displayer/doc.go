// Package displayer is the Displayer role's suite: it plays the issuer with the fixtures issuer,
// has the product show each fixture through a Driver, and checks what it shows against what it must.
package displayer
