package displayer

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/obcert/obcert/internal/httpx"
	"github.com/obcert/obcert/suites"
)

// normal is text as a person reads it: runs of white space as one space, no leading or trailing.
func normal(s string) string { return strings.Join(strings.Fields(s), " ") }

// sameText compares shown text with the text that must be shown, as a person would: white space
// normalized, letter case ignored (a page may style it in capitals).
func sameText(shown, want string) bool { return strings.EqualFold(normal(shown), normal(want)) }

// dateLayouts are the common renderings of a date a displayer may show.
var dateLayouts = []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02", "January 2, 2006",
	"Jan 2, 2006", "2 January 2006", "2 Jan 2006", "Monday, January 2, 2006", "Mon, 02 Jan 2006", "02.01.2006",
	"2006/01/02", "01/02/2006", "02/01/2006", "January 2 2006", "Jan 2 2006"}

// shownDates are the calendar dates a shown text can be read as (01/02 is read both ways).
func shownDates(s string) []string {
	s = normal(s)
	var out []string
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			out = append(out, t.Format(time.DateOnly))
		} else if len(s) > len(l) {
			if t, err := time.Parse(l, s[:len(l)]); err == nil && l != time.RFC3339 {
				out = append(out, t.Format(time.DateOnly))
			}
		}
	}
	return out
}

// sameDate reports whether shown renders the date of the RFC 3339 instant want, in some time zone
// a viewer may be in (UTC−12 to UTC+14).
func sameDate(shown, want string) bool {
	t, err := time.Parse(time.RFC3339, want)
	if err != nil {
		return false
	}
	ok := map[string]bool{}
	for _, d := range []time.Duration{-12 * time.Hour, 0, 14 * time.Hour} {
		ok[t.Add(d).UTC().Format(time.DateOnly)] = true
	}
	for _, d := range shownDates(shown) {
		if ok[d] {
			return true
		}
	}
	return false
}

// imageBytes is what a shown image holds: a data URI's content, or the body its URL answers.
func imageBytes(ctx context.Context, client *httpx.Client, image string, o *suites.Outcome) ([]byte, error) {
	if rest, ok := strings.CutPrefix(image, "data:"); ok {
		meta, data, found := strings.Cut(rest, ",")
		if !found {
			return nil, fmt.Errorf("its data URI has no comma")
		}
		if strings.HasSuffix(meta, ";base64") {
			return base64.StdEncoding.DecodeString(data)
		}
		s, err := url.PathUnescape(data)
		return []byte(s), err
	}
	resp, err := client.Get(ctx, image, "image/*")
	if err != nil {
		return nil, fmt.Errorf("GET %s got no answer: %v", image, err)
	}
	o.AddEvidence(entryRef(resp.Entry)...)
	if resp.Status != 200 {
		return nil, fmt.Errorf("GET %s answered HTTP %d", image, resp.Status)
	}
	return resp.Body, nil
}

// sameImage reports whether the shown image is the one that must be shown: the same URL, or a
// data URI or URL whose bytes are the same; why says what differs.
func sameImage(ctx context.Context, client *httpx.Client, shown, wantURL string, want []byte, o *suites.Outcome) (same bool, why string) {
	switch {
	case strings.TrimSpace(shown) == "":
		return false, "no image was shown"
	case shown == wantURL:
		return true, ""
	}
	got, err := imageBytes(ctx, client, shown, o)
	switch {
	case err != nil:
		return false, fmt.Sprintf("the image shown (%s) could not be read: %v", clip(shown), err)
	case !bytes.Equal(got, want):
		return false, fmt.Sprintf("the image shown (%s) is not the BadgeClass image %s (%d bytes, not %d)", clip(shown), wantURL, len(got), len(want))
	}
	return true, ""
}

// clip shortens a value for a message.
func clip(s string) string {
	if len(s) > 80 {
		return s[:77] + "..."
	}
	return s
}

// entryRef is the evidence reference of a recorded exchange, none when it was not recorded.
func entryRef(entry int) []string {
	if entry < 0 {
		return nil
	}
	return []string{httpx.EntryRef(entry)}
}
