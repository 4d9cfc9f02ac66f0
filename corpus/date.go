package corpus

import (
	"fmt"
	"time"

	"verbatim/analysis"
)

// Precision says how much of a Date is known.
type Precision int

// The precisions a Date can have, from none to a full timestamp.
const (
	PrecisionNone Precision = iota
	PrecisionYear
	PrecisionMonth
	PrecisionDay
	PrecisionTime
)

// String returns "", "year", "month", "day" or "time".
func (p Precision) String() string {
	switch p {
	case PrecisionYear:
		return "year"
	case PrecisionMonth:
		return "month"
	case PrecisionDay:
		return "day"
	case PrecisionTime:
		return "time"
	}
	return ""
}

// Date is a publication date known at some precision: a month-precision date
// has no day and must never be shown with one. Time holds the first instant
// of the known period (UTC unless the source gave an offset).
type Date struct {
	Time      time.Time
	Precision Precision
}

// IsZero reports whether no date is known.
func (d Date) IsZero() bool { return d.Precision == PrecisionNone }

// String returns the date at its precision: "2025", "2025-04",
// "2025-04-26", an RFC 3339 timestamp, or "" when unknown.
func (d Date) String() string {
	switch d.Precision {
	case PrecisionYear:
		return d.Time.Format("2006")
	case PrecisionMonth:
		return d.Time.Format("2006-01")
	case PrecisionDay:
		return d.Time.Format("2006-01-02")
	case PrecisionTime:
		return d.Time.Format(time.RFC3339)
	}
	return ""
}

// Start returns the first instant of the period the date covers.
func (d Date) Start() time.Time { return d.Time }

// End returns the first instant after the period the date covers.
func (d Date) End() time.Time {
	switch d.Precision {
	case PrecisionYear:
		return d.Time.AddDate(1, 0, 0)
	case PrecisionMonth:
		return d.Time.AddDate(0, 1, 0)
	case PrecisionDay:
		return d.Time.AddDate(0, 0, 1)
	case PrecisionTime:
		return d.Time.Add(time.Second)
	}
	return d.Time
}

// Display returns the date written for readers of lang at its precision,
// as a person of that language writes it: "avril 2025", "1er avril 2025",
// "April 26, 2025", "26. April 2025", "26 de abril de 2025", "26 апреля
// 2025". Languages other than fr, de, es and ru use the English form. A
// time-precision date is shown as its day.
func (d Date) Display(lang string) string {
	if d.IsZero() {
		return ""
	}
	y, m, day := d.Time.Date()
	switch d.Precision {
	case PrecisionYear:
		return fmt.Sprintf("%d", y)
	case PrecisionMonth:
		if lang == "es" {
			return fmt.Sprintf("%s de %d", analysis.MonthName(lang, m, false), y)
		}
		return fmt.Sprintf("%s %d", analysis.MonthName(lang, m, false), y)
	}
	month := analysis.MonthName(lang, m, true)
	switch lang {
	case "fr":
		if day == 1 {
			return fmt.Sprintf("1er %s %d", month, y)
		}
		return fmt.Sprintf("%d %s %d", day, month, y)
	case "de":
		return fmt.Sprintf("%d. %s %d", day, month, y)
	case "es":
		return fmt.Sprintf("%d de %s de %d", day, month, y)
	case "ru":
		return fmt.Sprintf("%d %s %d", day, month, y)
	}
	return fmt.Sprintf("%s %d, %d", month, day, y)
}

// MarshalText encodes the date as String does.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText decodes any form ParseDate accepts; empty text is no date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}
