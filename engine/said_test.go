package engine

import (
	"context"
	"strings"
	"testing"
)

func TestSaidQuestion(t *testing.T) {
	tests := []struct {
		q, name, topic string
		ok             bool
	}{
		{"Qu'a dit Maria Zakharova ?", "Maria Zakharova", "", true},
		{"Qu’a déclaré Peskov sur la Corée du Nord ?", "Peskov", "la Corée du Nord", true},
		{"What did Peskov say about military aid to North Korea?", "Peskov", "military aid to North Korea", true},
		{"What did Zakharova's ministry say?", "Zakharova", "", true},
		{"Что сказал Путин о северокорейских солдатах?", "Путин", "северокорейских солдатах", true},
		{"Was sagte Gerassimow über Kursk?", "Gerassimow", "Kursk", true},
		{"¿Qué dijo Zajárova sobre Corea del Norte?", "Zajárova", "Corea del Norte", true},
		{"Qu'a dit le ministre ?", "", "", false},
		{"Quand Guérassimov a-t-il annoncé la fin ?", "", "", false},
	}
	for _, tt := range tests {
		name, topic, ok := saidQuestion(tt.q)
		if name != tt.name || topic != tt.topic || ok != tt.ok {
			t.Errorf("saidQuestion(%q) = %q, %q, %v; want %q, %q, %v", tt.q, name, topic, ok, tt.name, tt.topic, tt.ok)
		}
	}
}

// TestAskSaid checks that "what did X say" is answered from X's
// quotations, naming X, in any language the name is written in.
func TestAskSaid(t *testing.T) {
	lib := seedLibrary(t)
	core := NewCore(lib, Config{Now: fixedNow})
	for _, q := range []string{"Qu'a dit Maria Zakharova ?", "Что сказала Захарова?", "Qu'a déclaré Ouchakov sur les négociations ?"} {
		t.Run(q, func(t *testing.T) {
			a, err := core.Ask(context.Background(), Question{Text: q})
			if err != nil {
				t.Fatal(err)
			}
			checkQuotesExact(t, lib, a)
			if a.Verdict != VerdictAnswered || len(a.Citations) == 0 {
				t.Fatalf("got verdict %s with %d quotes, want answered: %q", a.Verdict, len(a.Citations), a.Text)
			}
			for _, c := range a.Citations {
				if c.Speaker == "" || !strings.Contains(a.Text, c.Speaker+", ") {
					t.Errorf("quote [%d] %q: speaker %q not named in %q", c.N, c.Quote, c.Speaker, a.Text)
				}
			}
		})
	}
}

// TestMoreDetailStillAnswered checks that a question that is answered
// stays answered when it asks about something more specific the same
// passage says (issue 23: "What did Peskov say?" was answered and "What
// did Peskov say about military aid to North Korea?" refused).
func TestMoreDetailStillAnswered(t *testing.T) {
	lib := seedLibrary(t)
	core := NewCore(lib, Config{Now: fixedNow})
	for _, pair := range [][2]string{
		{"What did Peskov say?", "What did Peskov say about military aid to North Korea?"},
		{"Qu'a dit Peskov ?", "Qu'a dit Peskov sur l'aide militaire à la Corée du Nord ?"},
	} {
		short, err := core.Ask(context.Background(), Question{Text: pair[0]})
		if err != nil {
			t.Fatal(err)
		}
		long, err := core.Ask(context.Background(), Question{Text: pair[1]})
		if err != nil {
			t.Fatal(err)
		}
		if short.Verdict == VerdictAnswered && long.Verdict != VerdictAnswered {
			t.Errorf("%q answered but %q %s (%s)", pair[0], pair[1], long.Verdict, long.Reason)
		}
		checkQuotesExact(t, lib, long)
	}
}
