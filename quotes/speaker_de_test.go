package quotes

import (
	"testing"

	"verbatim/corpus"
)

// TestGermanSo: German "so" gives a quotation its speaker only right
// after the quotation's closing mark and a comma („…“, so X); anywhere
// else it is the common word ("so schnell", "so dass", "so viele").
func TestGermanSo(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"so NAME", `„Wir schaffen das“, so Merkel.`, "Merkel"},
		{"so first and last name", `„Die Lage ist ernst“, so Angela Merkel am Montag in Berlin.`, "Angela Merkel"},
		{"so der title NAME", `„Das ist nicht hinnehmbar“, so der Sprecher Steffen Seibert.`, "Steffen Seibert"},
		{"straight quotes", `"Wir bleiben", so Scholz.`, "Scholz"},
		{"so dass after a quotation", `Der Antrag wurde „abgelehnt“, so dass Schulz zurücktrat.`, ""},
		{"so before a quotation", `Merkel will so schnell wie möglich „klare Verhältnisse“ schaffen.`, ""},
		{"so viele before a quotation", `Noch nie kamen so viele Besucher aus Bayern zum „Tag der offenen Tür“.`, ""},
		{"so without a comma", `Die Preise stiegen „dramatisch“ so Müller.`, ""},
		{"sentence opening So", `„Nie wieder.“ So Müller am Ende seiner Rede.`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			qs := Attribute(corpus.Article{ID: "a", Lang: "de", Text: tt.text})
			if len(qs) != 1 {
				t.Fatalf("got %d quotations, want 1", len(qs))
			}
			if got := qs[0].Speaker; got != tt.want {
				t.Errorf("speaker of %q: got %q, want %q", qs[0].Text(tt.text), got, tt.want)
			}
		})
	}
}

// TestGermanSoNoReportedSpeech: a German sentence with "so" and no other
// speech word reports no speech, and "so" is no speech verb on its own.
func TestGermanSoNoReportedSpeech(t *testing.T) {
	tests := []struct {
		name, text string
	}{
		{"so schnell", "Kanzler Olaf Scholz will so schnell wie möglich neue Gesetze."},
		{"so dass", "Der Zug hatte Verspätung, so dass Anna Schmidt ihren Termin verpasste."},
		{"und so weiter", "Angela Merkel kaufte Brot, Milch, Käse und so weiter."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Reported(corpus.Article{ID: "a", Lang: "de", Text: tt.text}); len(got) != 0 {
				t.Errorf("Reported(%q) = %+v, want none", tt.text, got)
			}
		})
	}
	for _, w := range []string{"so", "So"} {
		if IsSpeechVerb(w) {
			t.Errorf("IsSpeechVerb(%q) = true, want false", w)
		}
	}
	if !IsSpeechVerb("sagte") {
		t.Errorf("IsSpeechVerb(%q) = false, want true", "sagte")
	}
}

// TestGermanSoReportedSpeech: "…, so X." ending a German sentence reports
// X's speech without quotation marks; not in English, and not when the
// name does not end the sentence.
func TestGermanSoReportedSpeech(t *testing.T) {
	tests := []struct {
		name, lang, text, want string
	}{
		{"so and a name", "de", "Die Lage sei ernst, so Angela Merkel.", "Angela Merkel"},
		{"so der Sprecher and a name", "de", "Man werde die Hilfe fortsetzen, so der Sprecher Peter Müller.", "Peter Müller"},
		{"name not at the end", "de", "Es regnete, so Anna Schmidt ihren Schirm vergaß.", ""},
		{"English so", "en", "It rained, so Anna Schmidt.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ""
			if qs := Reported(corpus.Article{ID: "a", Lang: tt.lang, Text: tt.text}); len(qs) > 0 {
				got = qs[0].Speaker
			}
			if got != tt.want {
				t.Errorf("Reported(%q) speaker: got %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}
