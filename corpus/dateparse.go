package corpus

import (
	"fmt"
	"strings"
	"time"
)

// ParseDate reads a date at the precision it is written with.
// (Minimal version: ISO forms only. To be extended by the corpus work.)
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	forms := []struct {
		layout string
		p      Precision
	}{
		{time.RFC3339, PrecisionTime},
		{"2006-01-02", PrecisionDay},
		{"2006-01", PrecisionMonth},
		{"2006", PrecisionYear},
	}
	for _, f := range forms {
		if t, err := time.Parse(f.layout, s); err == nil {
			return Date{Time: t, Precision: f.p}, nil
		}
	}
	return Date{}, fmt.Errorf("parse date %q: unknown form", s)
}
