package runner

import (
	"errors"
	"strings"
)

// yamlError words a YAML decoding error for an operator: without the library's "yaml: " prefix.
func yamlError(err error) error {
	return errors.New(strings.TrimPrefix(err.Error(), "yaml: "))
}
