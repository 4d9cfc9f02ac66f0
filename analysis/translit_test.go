package analysis

import "testing"

func TestTransliterate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Герасимов", "gerasimov"},
		{"Курск", "kursk"},
		{"Щукин", "shchukin"},
		{"Объём", "obem"},
		{"Latin stays", "latin stays"},
	}
	for _, tt := range tests {
		if got := Transliterate(tt.in); got != tt.want {
			t.Errorf("Transliterate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNameKey(t *testing.T) {
	// Each group spells one name in several languages and scripts.
	groups := [][]string{
		{"Guérassimov", "Gerasimov", "Gerassimow", "Герасимов"},
		{"Koursk", "Kursk", "Курск"},
		{"Poutine", "Putin", "Путин"},
		{"Ouchakov", "Ushakov", "Ушаков"},
		{"Tchaïkovski", "Tchaikovsky", "Tschaikowski", "Чайковский"},
		{"Zelensky", "Zelenski", "Zelenskyj", "Зеленский"},
		{"Broncos", "Бронкос"},
		{"Luther", "Лютер"},
		{"Turing", "Тьюринг"},
		{"Jared", "Джаред"},
		{"William", "Уильям"},
		{"Pittsburgh", "Питтсбург"},
		{"Gandhi", "Ганди"},
		{"Gaga", "Гага", "Гаги"},
		{"Grammy", "Грэмми"},
		{"Alpha", "Альфа"},
		{"Centauri", "Центавра", "Центавр"},
		{"González", "Gonzalez", "Гонсалес"},
		{"Zapatero", "Сапатеро"},
		{"Mozart", "Моцарт"},
		{"Zhukov", "Жуков"},
		{"Vasiliev", "Vasilyev", "Васильев"},
		{"Thatcher", "Тэтчер"},
		{"Ratzel", "Ратцель"},
	}
	for _, g := range groups {
		want := NameKey(g[0])
		if want == "" {
			t.Errorf("NameKey(%q) is empty", g[0])
			continue
		}
		for _, w := range g[1:] {
			if got := NameKey(w); got != want {
				t.Errorf("NameKey(%q) = %q, want %q (as %q)", w, got, want, g[0])
			}
		}
	}
	for _, tt := range []struct{ a, b string }{{"Paris", "Berlin"}, {"Kursk", "Kazan"}, {"Uganda", "Vanda"}, {"Corée", "Coran"},
		{"Жуков", "Шуков"}, {"Гага", "Гагарин"}, {"Centauri", "Santorini"}, {"Gaga", "Gogol"}} {
		if NameKey(tt.a) == NameKey(tt.b) {
			t.Errorf("NameKey(%q) == NameKey(%q) = %q, want them apart", tt.a, tt.b, NameKey(tt.a))
		}
	}
	for _, short := range []string{"Li", "Ан", "X2", "2024"} {
		if got := NameKey(short); got != "" {
			t.Errorf("NameKey(%q) = %q, want \"\"", short, got)
		}
	}
}

func TestNameKeyTermCases(t *testing.T) {
	// The cases of a Russian name written with a capital share the key of
	// its Latin spellings; the Snowball stem of a nominative surname
	// ("Песков": "песк") or of a name ending like a verb ("Мартен":
	// "март") does not.
	groups := [][]string{
		{"Peskov", "Песков", "Пескова", "Пескову", "Песковым", "Peskova", "Peskow"},
		{"Medvedev", "Медведев", "Медведева", "Medwedew"},
		{"Kiev", "Киев", "Киева", "Киеве"},
		{"Putin", "Путин", "Путина", "Путиным"},
		{"Zelensky", "Зеленский", "Зеленского", "Зеленским"},
		{"Gaga", "Гага", "Гаги", "Гагой"},
		{"Marten", "Мартен", "Мартена"},
		{"Mikhail", "Михаил", "Михаила"},
		{"Фридрих", "Фридриха"},
		{"Ratzel", "Ратцель", "Ратцеля"},
	}
	for _, g := range groups {
		want := NameKeyTerm(g[0])
		if want == "" {
			t.Errorf("NameKeyTerm(%q) is empty", g[0])
			continue
		}
		for _, w := range g[1:] {
			if got := NameKeyTerm(w); got != want {
				t.Errorf("NameKeyTerm(%q) = %q, want %q (as %q)", w, got, want, g[0])
			}
		}
	}
	// A lower-case word keeps its key as a common word ("законов" as
	// "закон").
	for _, tt := range []struct{ a, b string }{{"законов", "закон"}, {"фактов", "факт"}} {
		if a, b := NameKeyTerm(tt.a), NameKeyTerm(tt.b); a != b {
			t.Errorf("NameKeyTerm(%q) = %q, NameKeyTerm(%q) = %q, want them equal", tt.a, a, tt.b, b)
		}
	}
	for _, tt := range []struct{ a, b string }{{"Петров", "Петр"}, {"Песков", "Песок"}, {"Иванов", "Иван"}} {
		if a, b := NameKeyTerm(tt.a), NameKeyTerm(tt.b); a == b {
			t.Errorf("NameKeyTerm(%q) == NameKeyTerm(%q) = %q, want them apart", tt.a, tt.b, a)
		}
	}
}

func TestFrenchNamesInRussian(t *testing.T) {
	// A French name in a French text meets its Russian transcription in a
	// Russian text; other names do not.
	tests := []struct {
		ru, fr string
		want   bool
	}{
		{"Жиля Жакье", "Gilles Jacquier", true},
		{"Жиль", "Gilles", true},
		{"Жакье", "Jacquier", true},
		{"Мон-Моди", "Mont Maudit", true},
		{"Мон", "Mont", true},
		{"Моди", "Maudit", true},
		{"Жак Ширак", "Jacques Chirac", true},
		{"Жак", "Jacques", true},
		{"Олланд", "Hollande", true},
		{"Оливье", "Olivier", true},
		{"Лоран", "Laurent", true},
		{"Мартен", "Martin", true},
		{"Жорж", "Georges", true},
		{"Жюппе", "Juppé", true},
		{"Венсан", "Vincent", true},
		{"Рено", "Renaud", true},
		{"Бордо", "Bordeaux", true},
		{"Жакье", "Jacques", false},
		{"Жак", "Jacquier", false},
		{"Жиль", "Gérard", false},
		{"Моди", "Mont", false},
		{"Шуков", "Joukov", false},
	}
	for _, tt := range tests {
		t.Run(tt.ru+"/"+tt.fr, func(t *testing.T) {
			fr := map[string]bool{}
			for _, k := range Analyze("fr", tt.fr) {
				if IsNameKey(k) {
					fr[k] = true
				}
			}
			var ru []string
			for _, k := range Analyze("ru", tt.ru) {
				if IsNameKey(k) {
					ru = append(ru, k)
				}
			}
			all := len(ru) > 0
			for _, k := range ru {
				all = all && fr[k]
			}
			if all != tt.want {
				t.Errorf("the keys of %q %q all in those of %q %v: %v, want %v", tt.ru, ru, tt.fr, fr, all, tt.want)
			}
		})
	}
}
