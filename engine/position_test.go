package engine

import (
	"strings"
	"testing"
)

func TestParagraphs(t *testing.T) {
	text := "Premier paragraphe.\n\nDeuxième, plus long.\nSuite du deuxième.\n\n\nTroisième."
	second := strings.Index(text, "Deuxième")
	third := strings.Index(text, "Troisième")
	tests := []struct {
		name               string
		text               string
		start, end         int
		first, last, total int
	}{
		{"first", text, 0, 5, 1, 1, 3},
		{"second, line inside", text, strings.Index(text, "Suite"), strings.Index(text, "Suite") + 5, 2, 2, 3},
		{"second to third", text, second, third + 3, 2, 3, 3},
		{"last", text, third, len(text), 3, 3, 3},
		{"lines only", "Un.\nDeux.\nTrois.", 4, 9, 2, 2, 3},
		{"windows ends", "Un.\r\n\r\nDeux.", 7, 12, 2, 2, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, l, n := paragraphs(tt.text, tt.start, tt.end)
			if f != tt.first || l != tt.last || n != tt.total {
				t.Errorf("got %d–%d of %d, want %d–%d of %d", f, l, n, tt.first, tt.last, tt.total)
			}
		})
	}
}

func TestPosition(t *testing.T) {
	text := "Premier paragraphe.\n\nDeuxième.\n\nTroisième."
	second := strings.Index(text, "Deuxième")
	tests := []struct {
		name       string
		lang       string
		start, end int
		want       string
	}{
		{"one paragraph, French", "fr", second, second + 5, "paragraphe 2 sur 3"},
		{"one paragraph, English", "en", second, second + 5, "paragraph 2 of 3"},
		{"two paragraphs, French", "fr", 0, second + 5, "paragraphes 1–2 sur 3"},
		{"two paragraphs, English", "en", second, len(text), "paragraphs 2–3 of 3"},
		{"span outside the text", "en", 10, len(text) + 1, ""},
		{"unknown span", "fr", -1, -1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Position(tt.lang, text, tt.start, tt.end); got != tt.want {
				t.Errorf("Position(%q, %d, %d) = %q, want %q", tt.lang, tt.start, tt.end, got, tt.want)
			}
		})
	}
}
