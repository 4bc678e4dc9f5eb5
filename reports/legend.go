package reports

import "strings"

// LevelNote is one row of the legend of the catalogue's levels.
type LevelNote struct {
	Level, Meaning string
}

// LevelLegend explains the levels the requirement catalogue writes, as report.html's legend and
// `obcert explain` show them.
var LevelLegend = []LevelNote{
	{"MUST, SHOULD, MAY", "the normative keyword as the source states it (MUST NOT and SHOULD NOT weigh as MUST and SHOULD); a MUST not met fails the spec, a SHOULD not met is a warning"},
	{"MUST(cert)", "the candidate has to show this to pass IMS certification (the Conformance and Certification Guide); the specification itself may not require it"},
	{"MUST(imp)", "implied: the source words it in lower case or as an imperative (\"respond with 410\"), so the keyword is mapped"},
	{"MUST (impl-guide)", "asked by the Open Badges 2.0 Implementation Guide"},
	{"X-SHOULD, X-MAY", "beyond the IMS certification guide: extra harness checks, run in the full profile only, never in cert-2.0"},
	{"INFO", "behaviour of the IMS validator or a note: useful to match its results, not a requirement"},
}

// LevelMeaning is the legend's sentence for a catalogue level, or "" for a level it does not know.
func LevelMeaning(level string) string {
	switch {
	case strings.HasPrefix(level, "X-"):
		return LevelLegend[4].Meaning
	case strings.Contains(level, "(cert)"):
		return LevelLegend[1].Meaning
	case strings.Contains(level, "(imp)"):
		return LevelLegend[2].Meaning
	case strings.Contains(level, "impl-guide"):
		return LevelLegend[3].Meaning
	case level == "INFO":
		return LevelLegend[5].Meaning
	case strings.HasPrefix(level, "MUST") || strings.HasPrefix(level, "SHOULD") || strings.HasPrefix(level, "MAY"):
		return LevelLegend[0].Meaning
	}
	return ""
}
