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
