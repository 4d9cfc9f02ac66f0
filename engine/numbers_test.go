package engine

import (
	"slices"
	"testing"
)

func TestNumbers(t *testing.T) {
	tests := []struct {
		text        string
		wantNumbers []string // every form: what a passage supports
		wantClaims  []string // what a model sentence asserts
	}{
		{"76 000 tués, 76,000 or 3,5", []string{"76000", "76000", "35"}, []string{"76000", "76000", "35"}},
		{"le 3 mai", []string{"3", "3/5"}, []string{"3", "3/5"}},
		{"en mai 2024", []string{"2024", "5/2024"}, []string{"2024", "5/2024"}},
		{"in May 2024", []string{"2024", "5/2024"}, []string{"2024", "5/2024"}},
		{"в мае 2024 года", []string{"2024", "5/2024"}, []string{"2024", "5/2024"}},
		{"в сентябре 2024", []string{"2024", "9/2024"}, []string{"2024", "9/2024"}},
		{"3 сентября", []string{"3", "3/9"}, []string{"3", "3/9"}},
		{"le 1er mai 2024", []string{"1", "1/5", "2024", "5/2024"}, []string{"1", "1/5", "2024"}},
		{"May 3, 2024", []string{"3", "3/5", "2024", "5/2024"}, []string{"3", "3/5", "2024"}},
		{"le 2024-05-03", []string{"2024", "5/2024", "3/5", "5", "3"}, []string{"2024", "5", "3"}},
		{"trois soldats et vingt-deux civils", []string{"3", "22"}, []string{"3", "22"}},
		{"quatre-vingt-dix-neuf, soixante et onze", []string{"99", "71"}, []string{"99", "71"}},
		{"deux cent mille personnes", []string{"200000"}, []string{"200000"}},
		{"twenty-one and one hundred and five", []string{"21", "105"}, []string{"21", "105"}},
		{"двести пять и две тысячи", []string{"205", "2000"}, []string{"205", "2000"}},
		{"2 millions ou 1,5 milliard, 3 млн", []string{"2", "2000000", "15", "1500000000", "3", "3000000"}, []string{"2000000", "1500000000", "3000000"}},
		{"deux millions d'euros", []string{"2000000"}, []string{"2000000"}},
		{"un homme, one man, des millions", nil, nil},
		{"5 pour cent", []string{"5"}, []string{"5"}},
		{"un bâtiment neuf, les deux pays", []string{"9", "2"}, nil},
		{"Sept. 3", []string{"7", "3"}, []string{"3"}},
		{"deux trois", []string{"2", "3"}, []string{"2", "3"}},
		{"deux-trois jours", []string{"2", "3"}, []string{"2", "3"}},
		{"the twenty-first century, le vingt-et-unième siècle, un deux-roues, les trois-quarts", nil, nil},
		{"vingt-et-un morts", []string{"21"}, []string{"21"}},
		{"F16 et B2B", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := numbers(tt.text); !slices.Equal(got, tt.wantNumbers) {
				t.Errorf("numbers(%q) = %q, want %q", tt.text, got, tt.wantNumbers)
			}
			if got := claims(tt.text); !slices.Equal(got, tt.wantClaims) {
				t.Errorf("claims(%q) = %q, want %q", tt.text, got, tt.wantClaims)
			}
		})
	}
}

// FuzzClaims checks that a sentence is held to itself: whatever it says,
// every figure it claims is among the figures the same text supports as a
// passage, so that prose copied from a passage is never removed.
func FuzzClaims(f *testing.F) {
	for _, seed := range []string{
		"le 1er mai 2024, 2 millions ou 1,5 milliard, May 3, 2024",
		"quatre-vingt-dix-neuf, vingt et un, двести пять тысяч, twenty-first",
		"в мае 2024 года, 2024-05-03, 76 000 tués, les deux pays, Sept. 3",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		supported := numberSet{}
		supported.add(text)
		for _, c := range claims(text) {
			if !supported[c] {
				t.Fatalf("claims(%q) has %q, not in numbers %q", text, c, numbers(text))
			}
		}
	})
}
