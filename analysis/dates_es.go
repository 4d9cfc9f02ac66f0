package analysis

// spanishDates are the Spanish date words: "hoy", "ayer", "la semana
// pasada", "el año pasado", "este mes", "hace 3 días", "los últimos 7
// días", "desde 2023", "a partir de 2023", "antes de 2020", "después de
// 2020", "hasta 2019", "entre 2023 y 2024", "del 3 al 5 de mayo de 2025".
// "Hoy en día" (nowadays) names no day, and "anterior" is no "pasado": "el
// año anterior a la guerra" is before another date than today.
var spanishDates = dateLexicon{
	days:    map[string]int{"hoy": 0, "ayer": -1, "anteayer": -2, "antier": -2, "antes de ayer": -2},
	notDays: []string{"hoy en día", "hoy día", "hoy por hoy", "hoy todavía", "hoy aún"},
	units: map[DateUnit]string{
		Day:   "día | días",
		Week:  "semana | semanas",
		Month: "mes | meses",
		Year:  "año | años",
	},
	roles: map[DateRole]string{
		DateLast:       "pasado pasada",
		DateLastAfter:  "pasado pasada",
		DateThis:       "este esta",
		DateNext:       "próximo próxima",
		DateRecent:     "últimos últimas",
		DateAgoBefore:  "hace",
		DateOne:        "un una",
		DateSince:      "desde partir",
		DateSinceCount: "desde",
		DateBefore:     "antes",
		DateAfter:      "después",
		DateUntil:      "hasta",
		DateIn:         "en durante",
		DateFrom:       "entre de del desde",
		DateTo:         "y a al hasta",
		DateStill:      "aún todavía incluso",
		DateArticle:    "el la los las",
		DateFiller:     "el del de año finales principios mediados",
	},
}
