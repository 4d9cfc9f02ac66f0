package analysis

import "testing"

func TestQuoteMarks(t *testing.T) {
	for _, r := range []rune{'\'', '’', 'ʼ', '‘', '`'} {
		if !IsApostrophe(r) {
			t.Errorf("IsApostrophe(%q) = false, want true", r)
		}
	}
	for _, r := range []rune{'«', '»', '“', '”', '„'} {
		if !IsQuote(r) {
			t.Errorf("IsQuote(%q) = false, want true", r)
		}
	}
	tests := []struct {
		open rune
		want string
		ok   bool
	}{
		{'«', "»", true},
		{'“', "”\"", true},
		{'„', "“”", true},
		{'"', "\"”", true},
		{'»', "", false},
		{'a', "", false},
	}
	for _, tt := range tests {
		got, ok := QuoteClosers(tt.open)
		if got != tt.want || ok != tt.ok {
			t.Errorf("QuoteClosers(%q) = %q, %v, want %q, %v", tt.open, got, ok, tt.want, tt.ok)
		}
	}
}

func TestQuoteDepth(t *testing.T) {
	tests := []struct {
		name, text string
		want       int
	}{
		{"none", "Il pleut.", 0},
		{"guillemets closed", "Il dit « oui ».", 0},
		{"guillemets open", "Il dit « oui.", 1},
		{"English closed", "He said “yes.”", 0},
		{"German closed by the high mark", "Er sagte: „Ja.“", 0},
		{"German closed by the right mark", "Er sagte: „Ja.”", 0},
		{"German open", "Er sagte: „Ja.", 1},
		{"nested", "« Il a crié “non” puis „nein“ »", 0},
		{"inner left open", "« Il a crié “non »", 1},
		{"stray closer", "Puis » non.", -1},
		{"straight quotes ignored", `He said "yes.`, 0},
		{"a high mark with nothing open opens", "Dann “ja", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := QuoteDepth(tt.text); got != tt.want {
				t.Errorf("QuoteDepth(%q) = %d, want %d", tt.text, got, tt.want)
			}
		})
	}
}

func TestQuoteMarkSets(t *testing.T) {
	openers := QuoteOpeners()
	if len(openers) != len(quoteClosers) {
		t.Errorf("QuoteOpeners() = %q, want the %d marks QuoteClosers knows", openers, len(quoteClosers))
	}
	for _, r := range openers {
		if _, ok := QuoteClosers(r); !ok {
			t.Errorf("QuoteOpeners() holds %q, which QuoteClosers does not open", r)
		}
	}
	for _, tt := range []struct {
		r    rune
		want bool
	}{{'«', true}, {'»', true}, {'“', true}, {'”', true}, {'„', true}, {'"', true}, {'\'', false}, {'‟', false}, {'a', false}} {
		if got := IsQuoteMark(tt.r); got != tt.want {
			t.Errorf("IsQuoteMark(%q) = %v, want %v", tt.r, got, tt.want)
		}
	}
}
