package engine

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"verbatim/corpus"
	"verbatim/retrieval"
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

// TestSaidNotSomeoneElses checks that a "what did X say" answer never
// gives X a sentence where X is only named beside someone else's speech
// ("« … les propos d'Arnaud Montebourg … » déclare Jean-Philippe
// Magnen"), and still gives X's own reported speech.
func TestSaidNotSomeoneElses(t *testing.T) {
	dir := t.TempDir()
	text := "date 2012-08-27\n\n" +
		"Le ministre du Redressement productif Arnaud Montebourg a déclaré dimanche sur BFM TV que « le nucléaire est une filière d'avenir ». " +
		"Arnaud Montebourg a reconnu que le parc nucléaire devait être rééquilibré.\n\n" +
		"Europe Écologie Les Verts faisait part dimanche soir de son étonnement. " +
		"« Nous réagissons sans attacher d'importance aux propos d'Arnaud Montebourg sur le nucléaire » déclare à l'AFP Jean-Philippe Magnen, le porte-parole du parti.\n"
	if err := os.WriteFile(filepath.Join(dir, "nucleaire.txt"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	res, err := corpus.LoadPath(ctx, dir, corpus.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	lib, _, err := retrieval.Build(ctx, t.TempDir(), res, retrieval.NewLocalEmbedder(), retrieval.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := NewCore(lib, Config{Now: fixedNow}).Ask(ctx, Question{Text: "Qu'a dit Montebourg sur le nucléaire ?"})
	if err != nil {
		t.Fatal(err)
	}
	checkQuotesExact(t, lib, a)
	var own bool
	for _, c := range a.Citations {
		if strings.Contains(c.Quote, "Magnen") {
			t.Errorf("quote [%d] %q given to %q: Magnen's words", c.N, c.Quote, c.Speaker)
		}
		own = own || strings.Contains(c.Quote, "rééquilibré")
	}
	if !own {
		t.Errorf("got %q, want Montebourg's reported speech (\"… a reconnu que … rééquilibré\") among the quotes", a.Text)
	}
}
