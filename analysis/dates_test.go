package analysis

import "testing"

// dateWordCase is a word with a role it plays and the unit it names.
type dateWordCase struct {
	word   string
	role   DateRole // 0: no role asked
	unit   DateUnit
	plural bool
}

func checkDateWords(t *testing.T, tests []dateWordCase) {
	t.Helper()
	for _, tt := range tests {
		w := DateWordOf(tt.word)
		if tt.role != 0 && !w.Is(tt.role) || w.Unit != tt.unit || w.Plural != tt.plural {
			t.Errorf("DateWordOf(%q) = %+v; want role %b, unit %d, plural %v", tt.word, w, tt.role, tt.unit, tt.plural)
		}
	}
}

func TestGermanDates(t *testing.T) {
	checkDateWords(t, []dateWordCase{
		{"Woche", 0, Week, false},
		{"Jahren", 0, Year, true},
		{"Jahres", 0, Year, false},
		{"letztes", DateLast, NoUnit, false},
		{"letztem", DateLast, NoUnit, false},
		{"noch", DateStill, NoUnit, false},
		{"letzten", DateRecent, NoUnit, false},
		{"vergangenen", DateLast, NoUnit, false},
		{"dieses", DateThis, NoUnit, false},
		{"vor", DateAgoBefore, NoUnit, false},
		{"vor", DateBefore, NoUnit, false},
		{"seit", DateSinceCount, NoUnit, false},
		{"bis", DateTo, NoUnit, false},
		{"vom", DateFrom, NoUnit, false},
		{"einem", DateOne, NoUnit, false},
		{"nächsten", DateNext, NoUnit, false},
		{"Ort", 0, NoUnit, false},
	})
}

func TestSpanishDates(t *testing.T) {
	checkDateWords(t, []dateWordCase{
		{"año", 0, Year, false},
		{"ano", 0, Year, false},
		{"AÑOS", 0, Year, true},
		{"días", 0, Day, true},
		{"pasada", DateLastAfter, NoUnit, false},
		{"pasado", DateLast, NoUnit, false},
		{"esta", DateThis, NoUnit, false},
		{"ultimos", DateRecent, NoUnit, false},
		{"hace", DateAgoBefore, NoUnit, false},
		{"despues", DateAfter, NoUnit, false},
		{"desde", DateSince, NoUnit, false},
		{"desde", DateFrom, NoUnit, false},
		{"al", DateTo, NoUnit, false},
		{"finales", DateFiller, NoUnit, false},
		{"la", DateArticle, NoUnit, false},
		{"aún", DateStill, NoUnit, false},
	})
}

func TestRussianDates(t *testing.T) {
	checkDateWords(t, []dateWordCase{
		{"неделе", 0, Week, false},
		{"неделю", DateOne, Week, false},
		{"году", DateYearAfter, Year, false},
		{"лет", 0, Year, true},
		{"дней", 0, Day, true},
		{"прошлом", DateLast, NoUnit, false},
		{"этой", DateThis, NoUnit, false},
		{"последние", DateRecent, NoUnit, false},
		{"последнюю", DateRecentOne, NoUnit, false},
		{"назад", DateAgoAfter, NoUnit, false},
		{"с", DateSince, NoUnit, false},
		{"с", DateFrom, NoUnit, false},
		{"по", DateTo, NoUnit, false},
		{"до", DateBefore, NoUnit, false},
		{"прошлые", 0, NoUnit, false},
	})
	if DateWordOf("с").Is(DateSinceCount) {
		t.Errorf(`DateWordOf("с") is DateSinceCount; "с 18 лет" is an age`)
	}
	if DateWordOf("прошлые").Roles != 0 {
		t.Errorf(`DateWordOf("прошлые") = %+v; want no role (no one period)`, DateWordOf("прошлые"))
	}
}

func TestDayPhrase(t *testing.T) {
	tests := []struct {
		words     []string
		offset, n int
		ok        bool
	}{
		{[]string{"heute"}, 0, 1, true},
		{[]string{"Gestern", "sagte"}, -1, 1, true},
		{[]string{"vorgestern"}, -2, 1, true},
		{[]string{"hoy"}, 0, 1, true},
		{[]string{"ayer"}, -1, 1, true},
		{[]string{"antes", "de", "ayer"}, -2, 3, true},
		{[]string{"antes", "de", "2020"}, 0, 0, false},
		{[]string{"hoy", "en", "día"}, 0, 0, false},
		{[]string{"hoy", "dia"}, 0, 0, false},
		{[]string{"позавчера"}, -2, 1, true},
		{[]string{"вчера"}, -1, 1, true},
		{[]string{"hier"}, 0, 0, false}, // French: retrieval reads it
		{[]string{"heute", "noch"}, 0, 0, false},
		{nil, 0, 0, false},
	}
	for _, tt := range tests {
		off, n, ok := DayPhrase(tt.words)
		if off != tt.offset || n != tt.n || ok != tt.ok {
			t.Errorf("DayPhrase(%q) = %d, %d, %v; want %d, %d, %v", tt.words, off, n, ok, tt.offset, tt.n, tt.ok)
		}
	}
}

func TestIsRelativeDateWord(t *testing.T) {
	tests := []struct {
		word string
		want bool
	}{
		{"gestern", true}, {"woche", true}, {"letzten", true}, {"nachsten", true},
		{"hoy", true}, {"ano", true}, {"pasado", true}, {"proximo", true},
		{"вчера", true}, {"году", true}, {"прошлом", true},
		// Days and counting words stay: "Tag", "vor", "hace", "назад".
		{"tag", false}, {"vor", false}, {"hace", false}, {"назад", false}, {"merkel", false},
	}
	for _, tt := range tests {
		if got := IsRelativeDateWord(tt.word); got != tt.want {
			t.Errorf("IsRelativeDateWord(%q) = %v, want %v", tt.word, got, tt.want)
		}
	}
}
