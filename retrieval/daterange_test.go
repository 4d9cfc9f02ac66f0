package retrieval

import (
	"testing"
	"time"
)

func TestParseDateRange(t *testing.T) {
	// A Wednesday.
	now := time.Date(2025, 5, 14, 10, 30, 0, 0, time.UTC)
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	var open time.Time
	tests := []struct {
		text     string
		from, to time.Time
		ok       bool
	}{
		// Months.
		{"Qu'a dit le ministre en avril 2025 ?", d(2025, 4, 1), d(2025, 5, 1), true},
		{"What happened in March 2024?", d(2024, 3, 1), d(2024, 4, 1), true},
		{"avril 2025", d(2025, 4, 1), d(2025, 5, 1), true},
		{"Piaf en février 2012", d(2012, 2, 1), d(2012, 3, 1), true},
		{"au mois d'août 2023", d(2023, 8, 1), d(2023, 9, 1), true},
		{"en avril", d(2025, 4, 1), d(2025, 5, 1), true},
		{"en juin", d(2024, 6, 1), d(2024, 7, 1), true},
		{"in May", d(2025, 5, 1), d(2025, 6, 1), true},
		{"Sept. 2024 report", d(2024, 9, 1), d(2024, 10, 1), true},
		// Full names in the other languages of analysis' month list.
		{"Was sagte Scholz im Juni?", d(2024, 6, 1), d(2024, 7, 1), true},
		{"Что сказал Песков в мае?", d(2025, 5, 1), d(2025, 6, 1), true},
		{"¿Qué dijo en marzo?", d(2025, 3, 1), d(2025, 4, 1), true},
		// Days.
		{"Was geschah am 5. Juli 1962?", d(1962, 7, 5), d(1962, 7, 6), true},
		{"¿Qué pasó el 5 de julio de 1962?", d(1962, 7, 5), d(1962, 7, 6), true},
		{"Что случилось 5 июля 1962 года?", d(1962, 7, 5), d(1962, 7, 6), true},
		{"el 5 de julio", d(2024, 7, 5), d(2024, 7, 6), true},
		{"le 26 avril", d(2025, 4, 26), d(2025, 4, 27), true},
		{"le 26 juin", d(2024, 6, 26), d(2024, 6, 27), true},
		{"26 avril 2025", d(2025, 4, 26), d(2025, 4, 27), true},
		{"le 1er mai 2025", d(2025, 5, 1), d(2025, 5, 2), true},
		{"April 26, 2025", d(2025, 4, 26), d(2025, 4, 27), true},
		{"on April 26 2025", d(2025, 4, 26), d(2025, 4, 27), true},
		{"on March 3rd", d(2025, 3, 3), d(2025, 3, 4), true},
		{"Apr. 2, 2024", d(2024, 4, 2), d(2024, 4, 3), true},
		{"le 29 février 2024", d(2024, 2, 29), d(2024, 3, 1), true},
		// Without a year: the latest 29 February that exists (2024, not
		// 1 March 2025).
		{"le 29 février", d(2024, 2, 29), d(2024, 3, 1), true},
		{"Qu'a-t-on dit le 29 février ?", d(2024, 2, 29), d(2024, 3, 1), true},
		{"on February 29", d(2024, 2, 29), d(2024, 3, 1), true},
		// A range across a month end, the year written once.
		{"du 31 janvier au 1er février 2025", d(2025, 1, 31), d(2025, 2, 2), true},
		{"Que s'est-il passé du 31 janvier au 1er février 2025 ?", d(2025, 1, 31), d(2025, 2, 2), true},
		{"entre le 31 janvier et le 1er février 2025", d(2025, 1, 31), d(2025, 2, 2), true},
		{"from January 31 to February 1, 2025", d(2025, 1, 31), d(2025, 2, 2), true},
		// Years.
		{"en 2024", d(2024, 1, 1), d(2025, 1, 1), true},
		{"in 2024", d(2024, 1, 1), d(2025, 1, 1), true},
		{"en l'an 2000", d(2000, 1, 1), d(2001, 1, 1), true},
		{"during 1999", d(1999, 1, 1), d(2000, 1, 1), true},
		{"Was geschah im Jahr 1962?", d(1962, 1, 1), d(1963, 1, 1), true},
		{"¿Qué pasó en el año 1962?", d(1962, 1, 1), d(1963, 1, 1), true},
		{"Что случилось в 1962 году?", d(1962, 1, 1), d(1963, 1, 1), true},
		// Ranges.
		{"between 2023 and 2024", d(2023, 1, 1), d(2025, 1, 1), true},
		{"entre 2023 et 2024", d(2023, 1, 1), d(2025, 1, 1), true},
		{"2023-2024", d(2023, 1, 1), d(2025, 1, 1), true},
		{"from March to May 2024", d(2024, 3, 1), d(2024, 6, 1), true},
		{"de mars à mai 2024", d(2024, 3, 1), d(2024, 6, 1), true},
		{"d'avril à juin 2024", d(2024, 4, 1), d(2024, 7, 1), true},
		{"from November to February 2024", d(2023, 11, 1), d(2024, 3, 1), true},
		{"du 3 au 5 mai 2025", d(2025, 5, 3), d(2025, 5, 6), true},
		{"from March 2023 to May 2024", d(2023, 3, 1), d(2024, 6, 1), true},
		{"de 2020 à 2022", d(2020, 1, 1), d(2023, 1, 1), true},
		// Open ranges.
		{"depuis 2023", d(2023, 1, 1), d(2025, 5, 15), true},
		{"since 2023", d(2023, 1, 1), d(2025, 5, 15), true},
		{"since March 2024", d(2024, 3, 1), d(2025, 5, 15), true},
		{"depuis le 26 avril", d(2025, 4, 26), d(2025, 5, 15), true},
		{"avant 2020", open, d(2020, 1, 1), true},
		{"before 2020", open, d(2020, 1, 1), true},
		{"after 2020", d(2021, 1, 1), open, true},
		{"après mars 2024", d(2024, 4, 1), open, true},
		{"jusqu'en 2019", open, d(2020, 1, 1), true},
		{"until April 2019", open, d(2019, 5, 1), true},
		// Relative.
		{"last week", d(2025, 5, 5), d(2025, 5, 12), true},
		{"la semaine dernière", d(2025, 5, 5), d(2025, 5, 12), true},
		{"la semaine passée", d(2025, 5, 5), d(2025, 5, 12), true},
		{"this week", d(2025, 5, 12), d(2025, 5, 19), true},
		{"last month", d(2025, 4, 1), d(2025, 5, 1), true},
		{"le mois dernier", d(2025, 4, 1), d(2025, 5, 1), true},
		{"ce mois-ci", d(2025, 5, 1), d(2025, 6, 1), true},
		{"this year", d(2025, 1, 1), d(2026, 1, 1), true},
		{"cette année", d(2025, 1, 1), d(2026, 1, 1), true},
		{"last year", d(2024, 1, 1), d(2025, 1, 1), true},
		{"l'année dernière", d(2024, 1, 1), d(2025, 1, 1), true},
		{"l’an dernier", d(2024, 1, 1), d(2025, 1, 1), true},
		{"yesterday", d(2025, 5, 13), d(2025, 5, 14), true},
		{"Qu'a-t-il dit hier ?", d(2025, 5, 13), d(2025, 5, 14), true},
		{"avant-hier", d(2025, 5, 12), d(2025, 5, 13), true},
		{"today", d(2025, 5, 14), d(2025, 5, 15), true},
		{"aujourd'hui", d(2025, 5, 14), d(2025, 5, 15), true},
		{"aujourd’hui", d(2025, 5, 14), d(2025, 5, 15), true},
		// Nowadays, no day.
		{"Which wall can still today be seen in Newcastle?", open, open, false},
		{"What remains even today of the Roman wall?", open, open, false},
		{"What is the district known today as Jacksonville?", open, open, false},
		{"What is today known as the Black Death?", open, open, false},
		{"Quels monuments sont encore aujourd'hui visibles ?", open, open, false},
		{"Quels monuments sont aujourd'hui encore visibles ?", open, open, false},
		{"What did the mayor say today?", d(2025, 5, 14), d(2025, 5, 15), true},
		{"Qu'a dit le maire aujourd'hui ?", d(2025, 5, 14), d(2025, 5, 15), true},
		{"il y a 3 jours", d(2025, 5, 11), d(2025, 5, 12), true},
		{"3 days ago", d(2025, 5, 11), d(2025, 5, 12), true},
		{"il y a 80 ans", d(1945, 1, 1), d(1946, 1, 1), true},
		{"les 7 derniers jours", d(2025, 5, 7), d(2025, 5, 15), true},
		{"the last 7 days", d(2025, 5, 7), d(2025, 5, 15), true},
		// The first date wins.
		{"en avril 2025, après la guerre de 1945", d(2025, 4, 1), d(2025, 5, 1), true},
		// Not dates.
		{"76 000 tués", open, open, false},
		{"le 80e anniversaire de la libération", open, open, false},
		{"Combien de morts ?", open, open, false},
		{"les JO 2024", open, open, false},
		{"the 2000 people", open, open, false},
		{"en 2 000 exemplaires", open, open, false},
		{"He may resign", open, open, false},
		{"sept morts", open, open, false},
		{"le jan de la fin", open, open, false},
		{"la mission vers Mars", open, open, false},
		{"en 3000", open, open, false},
		{"en 1850", open, open, false},
		{"un taux de 3,2024", open, open, false},
		{"le 32 mars 2025", d(2025, 3, 1), d(2025, 4, 1), true},
		{"", open, open, false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			from, to, ok := ParseDateRange(tt.text, now)
			if ok != tt.ok || !from.Equal(tt.from) || !to.Equal(tt.to) {
				t.Errorf("ParseDateRange(%q) = [%s, %s) %v; want [%s, %s) %v",
					tt.text, fmtTime(from), fmtTime(to), ok, fmtTime(tt.from), fmtTime(tt.to), tt.ok)
			}
		})
	}
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return "open"
	}
	return t.Format("2006-01-02")
}

func TestParseDateRangeYearless(t *testing.T) {
	now := time.Date(2025, 5, 14, 10, 30, 0, 0, time.UTC)
	tests := []struct {
		text string
		want bool
	}{
		{"le 26 avril", true},
		{"en avril", true},
		{"on March 3rd", true},
		{"du 3 au 5 mai", true},
		{"from November to February", true},
		{"avril 2025", false},
		{"le 26 avril 2025", false},
		{"du 3 au 5 mai 2025", false},
		{"en 2024", false},
		{"depuis le 26 avril", false}, // ends today
		{"après le 3 mai", false},
		{"avant le 3 mai", false},
		{"last week", false},
		{"Combien de morts ?", false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			from, to, yearless, _ := parseDateRange(tt.text, now)
			if yearless != tt.want {
				t.Errorf("parseDateRange(%q) = [%s, %s) yearless %v, want %v", tt.text, fmtTime(from), fmtTime(to), yearless, tt.want)
			}
		})
	}
}

func TestEarlierYear(t *testing.T) {
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name             string
		from, to         time.Time
		wantFrom, wantTo time.Time
	}{
		{"a day", d(2025, 4, 28), d(2025, 4, 29), d(2024, 4, 28), d(2024, 4, 29)},
		{"a month", d(2025, 4, 1), d(2025, 5, 1), d(2024, 4, 1), d(2024, 5, 1)},
		{"29 February", d(2024, 2, 29), d(2024, 3, 1), d(2020, 2, 29), d(2020, 3, 1)},
		{"29 February 2000 to 1896", d(1904, 2, 29), d(1904, 3, 1), d(1896, 2, 29), d(1896, 3, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, to := earlierYear(tt.from, tt.to)
			if !f.Equal(tt.wantFrom) || !to.Equal(tt.wantTo) {
				t.Errorf("got [%s, %s), want [%s, %s)", fmtTime(f), fmtTime(to), fmtTime(tt.wantFrom), fmtTime(tt.wantTo))
			}
		})
	}
}
