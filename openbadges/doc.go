// Package openbadges is the Open Badges 2.0 data model: the data-type validators and the class-shape
// checks of one compacted JSON-LD node, with no I/O.
package openbadges
