package corpus

import (
	"testing"
	"time"
)

func TestDisplayLanguages(t *testing.T) {
	day := Date{Time: time.Date(2025, 4, 26, 0, 0, 0, 0, time.UTC), Precision: PrecisionDay}
	first := Date{Time: time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC), Precision: PrecisionDay}
	month := Date{Time: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), Precision: PrecisionMonth}
	tests := []struct {
		lang              string
		day, first, month string
	}{
		{"fr", "26 avril 2025", "1er mai 2025", "mars 2025"},
		{"en", "April 26, 2025", "May 1, 2025", "March 2025"},
		{"de", "26. April 2025", "1. Mai 2025", "März 2025"},
		{"es", "26 de abril de 2025", "1 de mayo de 2025", "marzo de 2025"},
		{"ru", "26 апреля 2025", "1 мая 2025", "март 2025"},
		{"it", "April 26, 2025", "May 1, 2025", "March 2025"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			for _, c := range []struct {
				d    Date
				want string
			}{{day, tt.day}, {first, tt.first}, {month, tt.month}} {
				if got := c.d.Display(tt.lang); got != c.want {
					t.Errorf("Display(%s) = %q, want %q", tt.lang, got, c.want)
				}
			}
		})
	}
}
