package retrieval

import (
	"testing"
	"time"
)

// dateCase is a text with the range ParseDateRange should read in it.
type dateCase struct {
	text     string
	from, to time.Time
	ok       bool
}

// checkDates runs ParseDateRange on each case, on Wednesday 14 May 2025.
func checkDates(t *testing.T, tests []dateCase) {
	t.Helper()
	now := time.Date(2025, 5, 14, 10, 30, 0, 0, time.UTC)
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

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestParseDateRangeGerman(t *testing.T) {
	var open time.Time
	checkDates(t, []dateCase{
		// Relative.
		{"Was sagte Merkel heute?", day(2025, 5, 14), day(2025, 5, 15), true},
		{"Was sagte Merkel gestern?", day(2025, 5, 13), day(2025, 5, 14), true},
		{"vorgestern", day(2025, 5, 12), day(2025, 5, 13), true},
		{"letzte Woche", day(2025, 5, 5), day(2025, 5, 12), true},
		{"in der vergangenen Woche", day(2025, 5, 5), day(2025, 5, 12), true},
		{"letzten Monat", day(2025, 4, 1), day(2025, 5, 1), true},
		{"letztes Jahr", day(2024, 1, 1), day(2025, 1, 1), true},
		{"Was geschah im vergangenen Jahr?", day(2024, 1, 1), day(2025, 1, 1), true},
		{"Ende letzten Jahres", day(2024, 1, 1), day(2025, 1, 1), true},
		{"diese Woche", day(2025, 5, 12), day(2025, 5, 19), true},
		{"diesen Monat", day(2025, 5, 1), day(2025, 6, 1), true},
		{"dieses Jahr", day(2025, 1, 1), day(2026, 1, 1), true},
		{"in diesem Jahr", day(2025, 1, 1), day(2026, 1, 1), true},
		{"vor 3 Tagen", day(2025, 5, 11), day(2025, 5, 12), true},
		{"vor drei Tagen", day(2025, 5, 11), day(2025, 5, 12), true},
		{"vor 3 Wochen", day(2025, 4, 21), day(2025, 4, 28), true},
		{"vor 3 Monaten", day(2025, 2, 1), day(2025, 3, 1), true},
		{"vor 3 Jahren", day(2022, 1, 1), day(2023, 1, 1), true},
		{"vor einem Jahr", day(2024, 1, 1), day(2025, 1, 1), true},
		{"in den letzten 7 Tagen", day(2025, 5, 7), day(2025, 5, 15), true},
		{"in den letzten 2 Wochen", day(2025, 4, 30), day(2025, 5, 15), true},
		{"seit 3 Jahren", day(2022, 5, 14), day(2025, 5, 15), true},
		{"seit einem Monat", day(2025, 4, 14), day(2025, 5, 15), true},
		// Open ranges and ranges.
		{"seit 2023", day(2023, 1, 1), day(2025, 5, 15), true},
		{"Was hat Scholz seit März 2024 gesagt?", day(2024, 3, 1), day(2025, 5, 15), true},
		{"seit dem 3. Mai", day(2025, 5, 3), day(2025, 5, 15), true},
		{"seit gestern", day(2025, 5, 13), day(2025, 5, 15), true},
		{"seit letztem Jahr", day(2024, 1, 1), day(2025, 5, 15), true},
		{"seit vergangener Woche", day(2025, 5, 5), day(2025, 5, 15), true},
		{"ab 2023", day(2023, 1, 1), day(2025, 5, 15), true},
		{"seit Mai", day(2025, 5, 1), day(2025, 5, 15), true},
		{"vor 2020", open, day(2020, 1, 1), true},
		{"vor dem 3. Mai 2025", open, day(2025, 5, 3), true},
		{"nach 2020", day(2021, 1, 1), open, true},
		{"bis 2019", open, day(2020, 1, 1), true},
		{"bis Ende 2019", open, day(2020, 1, 1), true},
		{"bis zum 5. Mai 2019", open, day(2019, 5, 6), true},
		{"bis heute", open, day(2025, 5, 15), true},
		{"zwischen 2023 und 2024", day(2023, 1, 1), day(2025, 1, 1), true},
		{"von März bis Mai 2024", day(2024, 3, 1), day(2024, 6, 1), true},
		{"vom 3. bis 5. Mai 2025", day(2025, 5, 3), day(2025, 5, 6), true},
		{"vom 3. bis zum 5. Mai 2025", day(2025, 5, 3), day(2025, 5, 6), true},
		{"von 2020 bis 2022", day(2020, 1, 1), day(2023, 1, 1), true},
		{"im Mai 2024", day(2024, 5, 1), day(2024, 6, 1), true},
		// Not dates.
		{"Was sagte der Reporter vor Ort?", open, open, false},
		{"seit 76 000 Jahren", open, open, false},
		{"vor 76 000 Jahren", open, open, false},
		{"Was geschah in den letzten Jahren?", open, open, false},
		{"vor einigen Tagen", open, open, false},
		{"Was sagt Mai Thi Nguyen-Kim?", open, open, false},
		{"Von welcher Mauer sind noch heute Fragmente sichtbar?", open, open, false},
		{"Welche Mauer steht heute noch?", open, open, false},
		{"Was plant Scholz nächste Woche?", open, open, false},
		{"nach Berlin", open, open, false},
		{"vor dem Krieg", open, open, false},
	})
}

func TestParseDateRangeSpanish(t *testing.T) {
	var open time.Time
	checkDates(t, []dateCase{
		// Relative.
		{"¿Qué dijo Sánchez hoy?", day(2025, 5, 14), day(2025, 5, 15), true},
		{"¿Qué dijo Sánchez ayer?", day(2025, 5, 13), day(2025, 5, 14), true},
		{"anteayer", day(2025, 5, 12), day(2025, 5, 13), true},
		{"antes de ayer", day(2025, 5, 12), day(2025, 5, 13), true},
		{"la semana pasada", day(2025, 5, 5), day(2025, 5, 12), true},
		{"el mes pasado", day(2025, 4, 1), day(2025, 5, 1), true},
		{"el año pasado", day(2024, 1, 1), day(2025, 1, 1), true},
		{"el ano pasado", day(2024, 1, 1), day(2025, 1, 1), true},
		{"el pasado año", day(2024, 1, 1), day(2025, 1, 1), true},
		{"el pasado mes de marzo", day(2025, 3, 1), day(2025, 4, 1), true},
		{"esta semana", day(2025, 5, 12), day(2025, 5, 19), true},
		{"este mes", day(2025, 5, 1), day(2025, 6, 1), true},
		{"este año", day(2025, 1, 1), day(2026, 1, 1), true},
		{"hace 3 días", day(2025, 5, 11), day(2025, 5, 12), true},
		{"hace 3 dias", day(2025, 5, 11), day(2025, 5, 12), true},
		{"hace 3 semanas", day(2025, 4, 21), day(2025, 4, 28), true},
		{"hace tres meses", day(2025, 2, 1), day(2025, 3, 1), true},
		{"hace un año", day(2024, 1, 1), day(2025, 1, 1), true},
		{"hace 3 años", day(2022, 1, 1), day(2023, 1, 1), true},
		{"en los últimos 7 días", day(2025, 5, 7), day(2025, 5, 15), true},
		{"los ultimos 7 dias", day(2025, 5, 7), day(2025, 5, 15), true},
		{"desde hace 3 años", day(2022, 5, 14), day(2025, 5, 15), true},
		// Open ranges and ranges.
		{"desde 2023", day(2023, 1, 1), day(2025, 5, 15), true},
		{"desde marzo de 2024", day(2024, 3, 1), day(2025, 5, 15), true},
		{"desde ayer", day(2025, 5, 13), day(2025, 5, 15), true},
		{"desde el año pasado", day(2024, 1, 1), day(2025, 5, 15), true},
		{"hasta la semana pasada", open, day(2025, 5, 12), true},
		{"a partir de 2023", day(2023, 1, 1), day(2025, 5, 15), true},
		{"a partir del 3 de mayo", day(2025, 5, 3), day(2025, 5, 15), true},
		{"antes de 2020", open, day(2020, 1, 1), true},
		{"antes del 3 de mayo de 2025", open, day(2025, 5, 3), true},
		{"después de 2020", day(2021, 1, 1), open, true},
		{"despues de 2020", day(2021, 1, 1), open, true},
		{"hasta 2019", open, day(2020, 1, 1), true},
		{"hasta finales de 2019", open, day(2020, 1, 1), true},
		{"hasta hoy", open, day(2025, 5, 15), true},
		{"entre 2023 y 2024", day(2023, 1, 1), day(2025, 1, 1), true},
		{"de marzo a mayo de 2024", day(2024, 3, 1), day(2024, 6, 1), true},
		{"desde marzo hasta mayo de 2024", day(2024, 3, 1), day(2024, 6, 1), true},
		{"del 3 al 5 de mayo de 2025", day(2025, 5, 3), day(2025, 5, 6), true},
		{"durante 2024", day(2024, 1, 1), day(2025, 1, 1), true},
		// Not dates.
		{"¿Qué piensa antes de que llegue?", open, open, false},
		{"¿Qué significa la democracia hoy en día?", open, open, false},
		{"hoy día", open, open, false},
		{"¿Qué muro sigue en pie aún hoy?", open, open, false},
		{"¿Qué muro sigue hoy todavía en pie?", open, open, false},
		{"¿Qué muro se ve incluso hoy?", open, open, false},
		{"¿Qué pasará el próximo año?", open, open, false},
		{"hace 76 000 años", open, open, false},
		{"en el este del país", open, open, false},
		{"¿Qué pasó el año anterior a la guerra?", open, open, false},
		{"en los últimos años", open, open, false},
		{"hace unos días", open, open, false},
		{"¿Cuándo va a partir de Madrid?", open, open, false},
	})
}

func TestParseDateRangeRussian(t *testing.T) {
	var open time.Time
	checkDates(t, []dateCase{
		// Relative.
		{"Что сказал Путин сегодня?", day(2025, 5, 14), day(2025, 5, 15), true},
		{"Что сказал Путин вчера?", day(2025, 5, 13), day(2025, 5, 14), true},
		{"позавчера", day(2025, 5, 12), day(2025, 5, 13), true},
		{"на прошлой неделе", day(2025, 5, 5), day(2025, 5, 12), true},
		{"в прошлом месяце", day(2025, 4, 1), day(2025, 5, 1), true},
		{"в прошлом году", day(2024, 1, 1), day(2025, 1, 1), true},
		{"в минувшем году", day(2024, 1, 1), day(2025, 1, 1), true},
		{"в конце прошлого года", day(2024, 1, 1), day(2025, 1, 1), true},
		{"на этой неделе", day(2025, 5, 12), day(2025, 5, 19), true},
		{"в этом месяце", day(2025, 5, 1), day(2025, 6, 1), true},
		{"в этом году", day(2025, 1, 1), day(2026, 1, 1), true},
		{"3 дня назад", day(2025, 5, 11), day(2025, 5, 12), true},
		{"5 дней назад", day(2025, 5, 9), day(2025, 5, 10), true},
		{"три недели назад", day(2025, 4, 21), day(2025, 4, 28), true},
		{"2 месяца назад", day(2025, 3, 1), day(2025, 4, 1), true},
		{"2 года назад", day(2023, 1, 1), day(2024, 1, 1), true},
		{"10 лет назад", day(2015, 1, 1), day(2016, 1, 1), true},
		{"неделю назад", day(2025, 5, 5), day(2025, 5, 12), true},
		{"месяц назад", day(2025, 4, 1), day(2025, 5, 1), true},
		{"год назад", day(2024, 1, 1), day(2025, 1, 1), true},
		{"за последние 7 дней", day(2025, 5, 7), day(2025, 5, 15), true},
		{"за последнюю неделю", day(2025, 5, 7), day(2025, 5, 15), true},
		{"за последний год", day(2024, 5, 14), day(2025, 5, 15), true},
		{"в течение последних 5 лет", day(2020, 5, 14), day(2025, 5, 15), true},
		// Open ranges and ranges.
		{"с 2023 года", day(2023, 1, 1), day(2025, 5, 15), true},
		{"с марта 2024 года", day(2024, 3, 1), day(2025, 5, 15), true},
		{"с прошлой недели", day(2025, 5, 5), day(2025, 5, 15), true},
		{"с прошлого года", day(2024, 1, 1), day(2025, 5, 15), true},
		{"со вчерашнего дня", open, open, false},
		{"до 2020 года", open, day(2020, 1, 1), true},
		{"после 2020 года", day(2021, 1, 1), open, true},
		{"между 2023 и 2024 годами", day(2023, 1, 1), day(2025, 1, 1), true},
		{"с марта по май 2024 года", day(2024, 3, 1), day(2024, 6, 1), true},
		{"с 3 по 5 мая 2025 года", day(2025, 5, 3), day(2025, 5, 6), true},
		{"с 2023 по 2024 год", day(2023, 1, 1), day(2025, 1, 1), true},
		{"с 2023 года по 2024 год", day(2023, 1, 1), day(2025, 1, 1), true},
		{"с марта 2023 года по май 2024 года", day(2023, 3, 1), day(2024, 6, 1), true},
		{"от 2020 до 2022 года", day(2020, 1, 1), day(2023, 1, 1), true},
		{"в 2024 году", day(2024, 1, 1), day(2025, 1, 1), true},
		{"в мае 2024 года", day(2024, 5, 1), day(2024, 6, 1), true},
		{"статьи за май 2011 года", day(2011, 5, 1), day(2011, 6, 1), true},
		// Not dates.
		{"до свидания", open, open, false},
		{"Фрагменты чьей стены можно увидеть даже сегодня?", open, open, false},
		{"Что будет в следующем году?", open, open, false},
		{"до конца 2024 года", open, open, false},
		{"Что он обсуждал с ним?", open, open, false},
		{"много лет назад", open, open, false},
		{"несколько дней назад", open, open, false},
		{"76 000 лет назад", open, open, false},
		{"3,5 года назад", open, open, false},
		{"в прошлые годы", open, open, false},
		{"с 18 лет", open, open, false},
		{"за последние годы", open, open, false},
	})
}

// TestParseDateRangeRelativeWords checks which phrases of German, Spanish
// and Russian are relative to now, which Index.readDate keeps as the
// period asked about.
func TestParseDateRangeRelativeWords(t *testing.T) {
	now := time.Date(2025, 5, 14, 10, 30, 0, 0, time.UTC)
	tests := []struct {
		text string
		want bool
	}{
		{"Was sagte Merkel gestern?", true},
		{"seit gestern", true},
		{"seit letztem Jahr", true},
		{"seit 3 Jahren", true},
		{"bis heute", true},
		{"seit 2023", false},
		{"vom 3. bis 5. Mai 2025", false},
		{"hace 3 días", true},
		{"el mes pasado", true},
		{"desde 2023", false},
		{"на прошлой неделе", true},
		{"3 дня назад", true},
		{"в 2024 году", false},
		{"с 2023 года", false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			ph, ok := parseDatePhrase(tt.text, now)
			if !ok || ph.relative != tt.want {
				t.Errorf("parseDatePhrase(%q) = relative %v, ok %v; want relative %v", tt.text, ph.relative, ok, tt.want)
			}
		})
	}
}
