package engine

import (
	"testing"
	"time"

	"verbatim/corpus"
)

func TestFrameLanguages(t *testing.T) {
	c := corpus.Chunk{Title: "Koursk", Date: corpus.Date{Time: time.Date(2025, 4, 26, 0, 0, 0, 0, time.UTC), Precision: corpus.PrecisionDay}}
	tests := []struct {
		lang, header, related, quoteLang string
	}{
		{"fr", "D'après «\u00a0Koursk\u00a0» (26 avril 2025)\u00a0:", "Pas de réponse directe dans les articles\u00a0; passages les plus proches\u00a0:", "Les citations sont en anglais, la langue des articles."},
		{"en", `According to "Koursk" (April 26, 2025):`, "No direct answer in the articles; closest passages:", "The quotes are in French, the articles' language."},
		{"de", "Laut „Koursk“ (26. April 2025):", "Keine direkte Antwort in den Artikeln; die nächstliegenden Passagen:", "Die Zitate sind auf Französisch, der Sprache der Artikel."},
		{"es", "Según «Koursk» (26 de abril de 2025):", "No hay una respuesta directa en los artículos; los pasajes más cercanos:", "Las citas están en francés, el idioma de los artículos."},
		{"ru", "Согласно статье «Koursk» (26 апреля 2025):", "Прямого ответа в статьях нет; самые близкие отрывки:", "Цитаты приведены на языке оригинала — французском."},
		{"it", `According to "Koursk" (April 26, 2025):`, "No direct answer in the articles; closest passages:", "The quotes are in French, the articles' language."},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			if got := header(c, tt.lang); got != tt.header {
				t.Errorf("header = %q, want %q", got, tt.header)
			}
			if got := RelatedLine(tt.lang); got != tt.related {
				t.Errorf("RelatedLine = %q, want %q", got, tt.related)
			}
			articles := "fr"
			if tt.lang == "fr" {
				articles = "en"
			}
			a := Answer{Lang: tt.lang, Found: true, Citations: []Citation{{Passage: corpus.Chunk{Lang: articles}}}}
			if got := quoteLangNotice(a); got != tt.quoteLang {
				t.Errorf("quoteLangNotice = %q, want %q", got, tt.quoteLang)
			}
		})
	}
}

func TestRemovedNoticePlurals(t *testing.T) {
	tests := []struct {
		lang string
		n    int
		want string
	}{
		{"ru", 1, "1 утверждение, которого нет в источниках, удалено."},
		{"ru", 2, "2 утверждения, которых нет в источниках, удалены."},
		{"ru", 5, "5 утверждений, которых нет в источниках, удалены."},
		{"ru", 11, "11 утверждений, которых нет в источниках, удалены."},
		{"ru", 21, "21 утверждение, которого нет в источниках, удалено."},
		{"ru", 22, "22 утверждения, которых нет в источниках, удалены."},
		{"ru", 14, "14 утверждений, которых нет в источниках, удалены."},
		{"fr", 1, "1 affirmation introuvable dans les sources a été retirée."},
		{"en", 2, "2 statements not found in the sources were removed."},
		{"de", 1, "1 Aussage, die nicht in den Quellen steht, wurde entfernt."},
		{"es", 3, "Se han retirado 3 afirmaciones que no están en las fuentes."},
		{"es", 0, ""},
	}
	for _, tt := range tests {
		if got := removedNotice(tt.n, tt.lang); got != tt.want {
			t.Errorf("removedNotice(%d, %s) = %q, want %q", tt.n, tt.lang, got, tt.want)
		}
	}
}

func TestNotFoundTextLanguages(t *testing.T) {
	tests := []struct{ lang, from, to, want string }{
		{"fr", "1er mars 2012", "31 mars 2012", "Je n'ai rien trouvé dans les articles du 1er mars 2012 au 31 mars 2012 sur cette question."},
		{"de", "1. März 2012", "", "Dazu habe ich in den Artikeln seit dem 1. März 2012 nichts gefunden."},
		{"es", "", "1 de marzo de 2012", "No he encontrado nada en los artículos anteriores al 1 de marzo de 2012 sobre esta pregunta."},
		{"ru", "1 марта 2012", "31 марта 2012", "В статьях с 1 марта 2012 по 31 марта 2012 ничего не нашлось по этому вопросу."},
	}
	for _, tt := range tests {
		if got := NotFoundText(tt.lang, PeriodText(tt.lang, tt.from, tt.to)); got != tt.want {
			t.Errorf("NotFoundText(%s) = %q, want %q", tt.lang, got, tt.want)
		}
	}
	if got, want := NotFoundText("ru", ""), "В статьях ничего не нашлось по этому вопросу."; got != want {
		t.Errorf("NotFoundText(ru) = %q, want %q", got, want)
	}
}
