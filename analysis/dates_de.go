package analysis

// germanDates are the German date words: "heute", "gestern", "letzte
// Woche", "im vergangenen Jahr", "diesen Monat", "vor 3 Tagen", "in den
// letzten 7 Tagen", "seit März 2024", "vor 2020", "nach 2020", "bis 2019",
// "zwischen 2023 und 2024", "vom 3. bis 5. Mai 2025".
var germanDates = dateLexicon{
	days:    map[string]int{"heute": 0, "gestern": -1, "vorgestern": -2},
	notDays: []string{"heute noch"},
	units: map[DateUnit]string{
		Day:   "tag tages | tage tagen",
		Week:  "woche | wochen",
		Month: "monat monats | monate monaten",
		Year:  "jahr jahres | jahre jahren",
	},
	roles: map[DateRole]string{
		DateLast: "letzte letztem letzten letzter letztes vergangene vergangenem vergangenen vergangener vergangenes " +
			"vorige vorigem vorigen voriger voriges",
		DateThis:       "diese diesem diesen dieser dieses",
		DateNext:       "nächste nächsten nächster nächstes kommende kommenden kommender kommendes",
		DateRecent:     "letzten vergangenen",
		DateAgoBefore:  "vor",
		DateOne:        "einem einer",
		DateSince:      "seit ab",
		DateSinceCount: "seit",
		DateBefore:     "vor",
		DateAfter:      "nach",
		DateUntil:      "bis",
		DateIn:         "im in während",
		DateFrom:       "zwischen von vom",
		DateTo:         "bis und",
		DateArticle:    "der die das dem den",
		DateFiller:     "dem den der zum zur anfang ende mitte jahr",
		DateStill:      "noch",
	},
}
