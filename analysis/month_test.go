package analysis

import (
	"testing"
	"time"
)

func TestParseMonth(t *testing.T) {
	tests := []struct {
		word string
		want time.Month
		ok   bool
	}{
		{"avril", time.April, true},
		{"Apr.", time.April, true},
		{"févr.", time.February, true},
		{"aout", time.August, true},
		{"Dezember", time.December, true},
		{"März", time.March, true},
		{"septiembre", time.September, true},
		{"мая", time.May, true},
		{"Октября", time.October, true},
		{"maison", 0, false},
		{"маяк", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseMonth(tt.word)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseMonth(%q) = %v, %v, want %v, %v", tt.word, got, ok, tt.want, tt.ok)
		}
	}
}

func TestMonthTerm(t *testing.T) {
	for _, w := range []string{"avril", "april", "abril", "апреля", "апрель"} {
		if got := MonthTerm(Fold(w)); got != "\x01m04" {
			t.Errorf("MonthTerm(%q) = %q, want \"\\x01m04\"", w, got)
		}
	}
	for _, w := range []string{"may", "mar", "dec", "maison"} {
		if got := MonthTerm(w); got != "" {
			t.Errorf("MonthTerm(%q) = %q, want \"\" (ambiguous or no month)", w, got)
		}
	}
}

func TestNumberTerm(t *testing.T) {
	tests := []struct{ word, want string }{
		{"three", "3"}, {"trois", "3"}, {"drei", "3"}, {"три", "3"},
		{"très", ""}, {"once", ""}, {"neuf", ""}, // common words elsewhere
		{"twenty", "20"}, {"vingt", "20"}, {"миллиона", "\x01e6"}, {"milliards", "\x01e9"},
		{"threefold", ""}, {"", ""},
		// Derived from the one list of spelled numbers.
		{"millardos", "\x01e9"}, {"трёх", "3"}, {"из", ""}, {"vingts", ""}, {"un", ""}, {"seventeen", ""}, {"млн", ""},
	}
	for _, tt := range tests {
		if got := NumberTerm(Fold(tt.word)); got != tt.want {
			t.Errorf("NumberTerm(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}
