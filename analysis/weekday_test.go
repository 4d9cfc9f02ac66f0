package analysis

import (
	"slices"
	"testing"
)

func TestWeekdayTerm(t *testing.T) {
	tests := []struct {
		words []string
		want  string
	}{
		{[]string{"dimanche", "Sunday", "Sonntag", "domingo", "воскресенье"}, "\x01d7"},
		{[]string{"mercredi", "Wednesday", "Mittwoch", "miércoles", "среду"}, "\x01d3"},
		{[]string{"samedi", "Samstag", "sábado", "субботу"}, "\x01d6"},
		{[]string{"среда", "semaine", "week", "Woche"}, ""},
	}
	for _, tt := range tests {
		for _, w := range tt.words {
			if got := WeekdayTerm(Fold(w)); got != tt.want {
				t.Errorf("WeekdayTerm(%q) = %q, want %q", w, got, tt.want)
			}
		}
	}
}

// TestAnalyzeWeekday checks that a weekday meets across languages in the
// terms of Analyze, as a value.
func TestAnalyzeWeekday(t *testing.T) {
	fr := Analyze("fr", "mercredi 4 juillet")
	for _, q := range []struct{ lang, text string }{{"de", "am Mittwoch"}, {"en", "on Wednesday"}, {"ru", "в среду"}, {"es", "el miércoles"}} {
		var shared []string
		for _, term := range Analyze(q.lang, q.text) {
			if slices.Contains(fr, term) && IsValue(term) {
				shared = append(shared, term)
			}
		}
		if !slices.Equal(shared, []string{"\x01d3"}) {
			t.Errorf("%s %q shares %q with \"mercredi 4 juillet\", want the weekday's term", q.lang, q.text, shared)
		}
	}
}
