package analysis

import (
	"slices"
	"strings"
	"testing"
)

func TestSplitCompound(t *testing.T) {
	lexicon := map[string]bool{}
	for _, w := range strings.Fields("mindestlohn lohn mindest erhöhung arbeit markt sonne schein regierung chef tag zeit flüchtling lager präsident wahl") {
		lexicon[w] = true
	}
	known := func(w string) bool { return lexicon[w] }
	tests := []struct {
		word string
		want []string
	}{
		{"mindestlohnerhöhung", []string{"mindestlohn", "erhöhung"}},
		{"arbeitsmarkt", []string{"arbeit", "markt"}},
		{"sonnenschein", []string{"sonne", "schein"}},
		{"regierungschef", []string{"regierung", "chef"}},
		{"flüchtlingslager", []string{"flüchtling", "lager"}},
		{"präsidentenwahl", []string{"präsident", "wahl"}},
		{"mindestlohn", nil}, // known itself
		{"erdbeben", nil},    // parts unknown
		{"tageszeit", nil},   // "tag" is shorter than a part
	}
	for _, tt := range tests {
		if got := SplitCompound(tt.word, known); !slices.Equal(got, tt.want) {
			t.Errorf("SplitCompound(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}
