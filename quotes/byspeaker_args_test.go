package quotes

import (
	"slices"
	"testing"
)

func TestNameSplits(t *testing.T) {
	tests := []struct {
		args string
		want [][2]string
	}{
		{"Maria Zakharova sanctions", [][2]string{{"Maria Zakharova", "sanctions"}, {"Maria", "Zakharova sanctions"}}},
		{"zakharova sanctions Europe", [][2]string{{"zakharova", "sanctions Europe"}}},
		{"Захарова", [][2]string{{"Захарова", ""}}},
		{"de Gaulle: Algérie", [][2]string{{"de Gaulle", "Algérie"}}},
	}
	for _, tt := range tests {
		if got := NameSplits(tt.args); !slices.Equal(got, tt.want) {
			t.Errorf("NameSplits(%q) = %q, want %q", tt.args, got, tt.want)
		}
	}
}
