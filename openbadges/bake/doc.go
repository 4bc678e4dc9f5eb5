// Package bake puts Open Badges data into PNG and SVG images and takes it out again, reporting
// every departure from the Open Badges baking specification as a finding.
package bake
