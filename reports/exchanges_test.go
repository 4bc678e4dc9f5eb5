package reports

import (
	"bytes"
	"strings"
	"testing"

	"github.com/obcert/obcert"
)

func TestHTMLShowsTheExchangesEvidenceNames(t *testing.T) {
	ex := make([]obcert.Exchange, 5)
	for i := range ex {
		ex[i] = obcert.Exchange{Method: "GET", URL: "https://issuer.example/a/" + string(rune('0'+i)), Status: 200,
			ContentType: "application/ld+json", Body: `{"id": "x"}`}
	}
	ex[3].Body = hostileMessage + strings.Repeat("y", maxPageBody)
	ex[4] = obcert.Exchange{Method: "GET", URL: "https://gone.example/", Error: "connection refused"}
	var buf bytes.Buffer
	if err := WriteHTMLExchanges(&buf, sampleReport(), ex); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{`<details id="entry-3" class="exchange">`, `href="#entry-3">show the exchange</a>`,
		"&lt;script&gt;alert(&#34;x&#34;)", "The body is cut here", "no response", "connection refused"} {
		if !strings.Contains(page, want) {
			t.Errorf("report.html with exchanges lacks %q", want)
		}
	}
	// exchanges.har#entry=9 names an exchange the page does not have: no dangling anchor.
	if strings.Contains(page, `href="#entry-9"`) || strings.Contains(page, "<script") {
		t.Error("report.html links an exchange it does not show, or holds a script")
	}
	for _, m := range urlAttr.FindAllStringSubmatch(page, -1) {
		if remoteValue.MatchString(m[2]) {
			t.Errorf("attribute %s=%s could reach the network", m[1], m[2])
		}
	}
	if plain := renderHTML(t, sampleReport()); strings.Contains(plain, "#entry-") {
		t.Error("report.html without exchanges links anchors it does not have")
	}
}
