package reports

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"unicode/utf8"

	"github.com/obcert/obcert"
)

// maxPageBody is the most of one response body report.html shows; exchanges.har has more.
const maxPageBody = 8 << 10

// exchangeView is one exchange as the page shows it, under the anchor entry-N.
type exchangeView struct {
	obcert.Exchange
	Index int
	Cut   bool
}

// WriteHTMLExchanges is WriteHTML with the run's HTTP exchanges at the end of the page, each
// under the anchor (#entry-N) that the evidence references "exchanges.har#entry=N" link to.
func WriteHTMLExchanges(w io.Writer, r *obcert.Report, ex []obcert.Exchange) error {
	return writePage(w, r, page{exchanges: ex})
}

// writePage writes report.html with what p adds: the exchanges, the screenshots.
func writePage(w io.Writer, r *obcert.Report, p page) error {
	if r == nil {
		return errNilReport
	}
	v := newHTMLView(r)
	showImages(v, p.images)
	ex := p.exchanges
	for i, e := range ex {
		view := exchangeView{Exchange: e, Index: i}
		view.Body, view.Cut = cutText(e.Body, maxPageBody)
		v.Exchanges = append(v.Exchanges, view)
	}
	for _, groups := range [][]resultGroup{v.Problems, v.Quiet} {
		linkExchanges(groups, len(ex))
	}
	return executeHTML(w, v)
}

var entryRef = regexp.MustCompile(`^exchanges\.har#entry=(\d+)$`)

// linkExchanges gives each evidence reference to a recorded exchange the anchor of its entry.
func linkExchanges(groups []resultGroup, n int) {
	for _, g := range groups {
		for _, rv := range g.Results {
			for i, e := range rv.Evidence {
				m := entryRef.FindStringSubmatch(e.Ref)
				if m == nil {
					continue
				}
				if k, err := strconv.Atoi(m[1]); err == nil && k < n {
					rv.Evidence[i].Anchor = fmt.Sprintf("#entry-%d", k)
				}
			}
		}
	}
}

// cutText keeps at most limit bytes of s, on a rune boundary, and says whether it cut.
func cutText(s string, limit int) (string, bool) {
	if len(s) <= limit {
		return s, false
	}
	s = s[:limit]
	for len(s) > 0 && !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s, true
}
