package analysis

import (
	"slices"
	"testing"
)

func TestAnalyze(t *testing.T) {
	tests := []struct {
		name string
		lang string
		text string
		want []string
	}{
		{"french elision and stem", "fr", "l'opération", []string{"oper"}},
		{"typographic apostrophe", "fr", "L’opération d’envergure", []string{"oper", "envergur"}},
		{"long elisions", "fr", "jusqu'aux lorsqu'il puisqu'elle", nil},
		{"french stop words and accents", "fr", "Les élections présidentielles de la République", []string{"elect", "presidentiel", "republ", "\x02republik"}},
		{"french question words", "fr", "Quel est le nom du président ?", []string{"nom", "president"}},
		{"numbers kept per digit group", "fr", "76 000 soldats en 2003", []string{"76", "000", "soldat", "2003"}},
		{"decimal comma", "fr", "14,2 milliards", []string{"14", "2", "milliard", "\x01e9"}},
		{"english stem", "en", "The runners were running quickly", []string{"runner", "run", "quick"}},
		{"english possessive and negation", "en", "The President's cats weren't there", []string{"presid", "cat", "\x02president"}},
		{"english folds accents", "en", "Élysée café", []string{"elyse", "cafe", "\x02elis"}},
		{"spanish", "es", "Las canciones más populares", []string{"cancion", "popular"}},
		{"russian", "ru", "Генерал посетил Курскую область", []string{"генера", "посет", "курск", "област", "\x02general", "\x02poset", "\x02kursk", "\x01n:kursk", "\x02oblast"}},
		{"russian yo folded", "ru", "ёлка", []string{"елка", "\x02elk"}},
		{"german light stem", "de", "Die Häuser der Stadt", []string{"haus", "stadt", "\x02havser", "\x02stadt"}},
		{"italian elision and plural", "it", "gli amici dell'università", []string{"amic", "universit"}},
		{"unknown language folds only", "", "Ünknown Läng the", []string{"unknown", "lang", "the", "\x02unknovn", "\x02lang"}},
		{"hyphen splits", "fr", "Saint-Exupéry", []string{"saint", "exupery", "\x02saint", "\x02sen", "\x02eksuper"}},
		{"french name read as in Russian, acronym not", "fr", "Jacques, d'ECOWAS", []string{"jacqu", "ecow", "\x02iakes", "\x02jak", "\x02ekovas"}},
		{"name that is a stop word of another language", "en", "Jared Allen", []string{"jare", "allen", "\x02iared", "\x02alen"}},
		{"stop word of the text's language", "de", "Allen Menschen", []string{"mensch", "\x02menshen"}},
		{"stop word of another language opening a sentence is no name", "de", "Who led the Panthers?", []string{"who", "led", "the", "panth", "\x02panters"}},
		{"stop word of another language inside a sentence is one", "de", "Sie hörten The Who. What?", []string{"hort", "the", "who", "what", "\x02vho"}},
		{"decomposed accent", "fr", "e\u0301le\u0300ve", []string{"elev"}},
		{"month and number words", "en", "three soldiers in april", []string{"three", "soldier", "april", "3", "\x01m04"}},
		{"russian month and number (три is a stop word)", "ru", "три солдата в апреле", []string{"солдат", "апрел", "3", "\x02soldat", "\x02aprel", "\x01m04"}},
		{"lower-case word has no key", "fr", "guérassimov", []string{"guerassimov"}},
		{"latin words analysed as russian all have keys", "ru", "the program system", []string{"the", "program", "system", "\x02program", "\x02sistem"}},
		{"russian words meet them", "ru", "программа системы", []string{"программ", "систем", "\x02program", "\x02sistem"}},
		{"empty", "fr", "", nil},
		{"punctuation only", "en", "... -- !!", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Analyze(tt.lang, tt.text)
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Analyze(%q, %q) = %q, want %q", tt.lang, tt.text, got, tt.want)
			}
		})
	}
}

func TestAnalyzeQueryMatchesDocumentForms(t *testing.T) {
	// Inflected and accent-less forms must meet the document's terms.
	tests := []struct {
		lang, doc, query string
	}{
		{"fr", "L'opération militaire", "operations militaires"},
		{"fr", "les élections présidentielles", "election presidentielle"},
		{"en", "The elections were contested", "election contest"},
		{"es", "las canciones", "canción"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			doc := Analyze(tt.lang, tt.doc)
			for _, q := range Analyze(tt.lang, tt.query) {
				if !slices.Contains(doc, q) {
					t.Errorf("query term %q not in document terms %q", q, doc)
				}
			}
		})
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Éléphant", "elephant"},
		{"Œuvre CŒUR", "oeuvre coeur"},
		{"l’État « libre »", "l'etat \" libre \""},
		{"“quoted”", "\"quoted\""},
		{"Straße", "strasse"},
		{"Guérassimov", "guerassimov"},
		{"ЁЛКА", "елка"},
		{"e\u0301", "e"},
		{"  spaces\tkept ", "  spaces\tkept "},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTokens(t *testing.T) {
	got := Tokens("Les Élections de 2003, l'État")
	want := []string{"les", "elections", "de", "2003", "etat"}
	if !slices.Equal(got, want) {
		t.Errorf("Tokens = %q, want %q", got, want)
	}
}

func TestFoldedWords(t *testing.T) {
	got := FoldedWords("fr", "Les Élections de Koursk")
	want := []string{"elections", "koursk"}
	if !slices.Equal(got, want) {
		t.Errorf("FoldedWords = %q, want %q", got, want)
	}
}

func TestNameKeyTerm(t *testing.T) {
	tests := []struct {
		lang, text, word string
	}{
		{"fr", "Valéry Guérassimov a parlé.", "Guérassimov"},
		{"en", "Gerasimov spoke.", "guérassimov"},
		{"ru", "Заявил Герасимов.", "Герасимов"},
		{"fr", "La Tour Eiffel.", "tour"},
		{"en", "Robert was king.", "Robert's"},
		{"fr", "Il a vu Ouchakov.", "qu'Ouchakov"},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			key := NameKeyTerm(tt.word)
			if key == "" || !IsNameKey(key) {
				t.Fatalf("NameKeyTerm(%q) = %q, want a NameKey term", tt.word, key)
			}
			if terms := Analyze(tt.lang, tt.text); !slices.Contains(terms, key) {
				t.Errorf("Analyze(%q, %q) = %q, want it to hold NameKeyTerm(%q) = %q", tt.lang, tt.text, terms, tt.word, key)
			}
		})
	}
	for _, w := range []string{"de", "2012", "le", "UN", ""} {
		if got := NameKeyTerm(w); got != "" {
			t.Errorf("NameKeyTerm(%q) = %q, want \"\"", w, got)
		}
	}
}

func TestLongWordIsCut(t *testing.T) {
	long := ""
	for range 100 {
		long += "é"
	}
	got := Analyze("", long)
	if len(got) != 1 || len(got[0]) > maxWordBytes {
		t.Errorf("Analyze(long) = %q, want one term of at most %d bytes", got, maxWordBytes)
	}
}

func TestIsNameKeyAndIsValue(t *testing.T) {
	tests := []struct {
		text          string
		keys, values  int
		wantAnyOthers bool
	}{
		{"Guérassimov", 1, 0, true},
		{"trois avril 1993", 0, 3, true},
		{"soldats", 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			keys, values, others := 0, 0, 0
			for _, term := range Analyze("fr", tt.text) {
				switch {
				case IsNameKey(term):
					keys++
				case IsValue(term):
					values++
				default:
					others++
				}
			}
			if keys != tt.keys || values != tt.values || (others > 0) != tt.wantAnyOthers {
				t.Errorf("Analyze(%q): %d keys, %d values, %d others; want %d, %d, some %v", tt.text, keys, values, others, tt.keys, tt.values, tt.wantAnyOthers)
			}
		})
	}
}

func TestBareWord(t *testing.T) {
	tests := []struct{ in, want string }{
		{"(l'Ukraine),", "Ukraine"},
		{"qu’Ouchakov", "Ouchakov"},
		{"aujourd'hui", "aujourd'hui"},
		{"«Peskov»", "Peskov"},
		{"2024.", "2024"},
		{"l'", "l"},
		{"--", ""},
		{"Moody's", "Moody"},
		{"Moody’s,", "Moody"},
		{"O'Brien", "O'Brien"},
		{"D'Alembert", "Alembert"},
		{"jusqu'à", "à"},
		{"rock'n'roll", "rock'n'roll"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := BareWord(tt.in); got != tt.want {
				t.Errorf("BareWord(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestAnalyzeForeign(t *testing.T) {
	// A French text's names carry their French reading; a question in
	// another language read with French analysis does not.
	tests := []struct {
		name, text     string
		analyze, alien []string
	}{
		{"French name", "Gilles", []string{"gill", "\x02giles", "\x02jil"}, []string{"gill", "\x02giles"}},
		{"Russian name in Latin letters", "Gerasimov", []string{"gerasimov", "\x02gerasimov", "\x02jerasimov"}, []string{"gerasimov", "\x02gerasimov"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Analyze("fr", tt.text); !slices.Equal(got, tt.analyze) {
				t.Errorf("Analyze(fr, %q) = %q, want %q", tt.text, got, tt.analyze)
			}
			if got := AnalyzeForeign("fr", tt.text); !slices.Equal(got, tt.alien) {
				t.Errorf("AnalyzeForeign(fr, %q) = %q, want %q", tt.text, got, tt.alien)
			}
		})
	}
}
