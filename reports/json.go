package reports

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/internal/limits"
)

// MaxJSONSize is the largest report ReadJSON accepts.
const MaxJSONSize = 64 << 20

// DESIGN.md §2: "The top-level field names are part of the contract (CI scripts and auditors parse
// them)". They are the json tags of obcert.Report; this file adds none and renames none.

// WriteJSON writes r as indented JSON, fields in the order of the struct. It is the source of
// truth every other rendering is derived from.
func WriteJSON(w io.Writer, r *obcert.Report) error {
	if r == nil {
		return errNilReport
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("writing report JSON: %w", err)
	}
	return nil
}

// ReadJSON parses a report written by WriteJSON. It refuses a report whose reportVersion it does
// not know, a report larger than MaxJSONSize, and anything after the report object.
func ReadJSON(rd io.Reader) (*obcert.Report, error) { return readJSON(rd, MaxJSONSize) }

func readJSON(rd io.Reader, limit int64) (*obcert.Report, error) {
	b, err := limits.ReadAll(rd, limit)
	if err != nil {
		return nil, fmt.Errorf("reading report JSON: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	var r obcert.Report
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("reading report JSON: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("reading report JSON: unexpected data after the report object")
	}
	if r.ReportVersion != obcert.ReportVersion {
		return nil, fmt.Errorf("reading report JSON: reportVersion %q is not supported (this obcert reads version %q); use the obcert release that wrote it",
			r.ReportVersion, obcert.ReportVersion)
	}
	return &r, nil
}

var errNilReport = errors.New("reports: nil report")
