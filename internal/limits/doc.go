// Package limits holds the size limit of a badge and the one bounded reader that enforces a limit.
package limits
