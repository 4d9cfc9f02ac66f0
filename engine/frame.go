package engine

import (
	"fmt"

	"verbatim/prompts"
)

// frame holds the engine's texts for readers of one language: the lines
// around the quotes of an answer, its notices and its refusals. There is
// one per interface language (fr, en, de, es, ru); frameFor gives English
// for any other.
type frame struct {
	// open and close are the quotation marks around a quote.
	open, close string
	// according introduces an article's quotes (%s its title, already in
	// quotation marks); dated adds the date (%s the header, %s the date);
	// colon ends the header.
	according, dated, colon string
	related                 string
	// quotesIn (%s the language's name, from langs) and quotesInCode (%s
	// a language code) say the quotes are in the articles' language.
	quotesIn, quotesInCode string
	langs                  map[string]string
	// notFound and notFoundPeriod (%s the period) refuse a question the
	// articles do not cover; period texts name the dates searched.
	notFound, notFoundPeriod            string
	periodFromTo, periodSince, periodTo string // %s dates
	cut, unverified, wordsOnly, relaxed string
	// dateInText says a date phrase dated no article and was searched in
	// the articles' text instead.
	dateInText            string
	understood, continues string // %s a question, inside marks
	// removed counts the model's statements removed: one, few, many (the
	// Russian forms; other languages use one and many).
	removed                     [3]string
	invalidKey, busy, unreached string // extractive fallbacks
	// paragraph (%d of %d) and paragraphs (%d–%d of %d) place a passage.
	paragraph, paragraphs string
	// example and exampleWhen (%s title, %s month) are example questions.
	example, exampleWhen string
	// errors are the user texts of errors, by kind; nil for French and
	// English, whose texts are userMessages'.
	errors map[errorKind]string
}

// frameFor returns the texts of lang, English for a language without its
// own.
func frameFor(lang string) *frame {
	if f, ok := frames[lang]; ok {
		return f
	}
	return frames["en"]
}

// quote puts s between the quotation marks of the language.
func (f *frame) quote(s string) string { return f.open + s + f.close }

// counted writes n with the form of forms (one, few, many) that lang
// takes for it.
func counted(forms [3]string, n int, lang string) string {
	return fmt.Sprintf(forms[pluralForm(lang, n)], n)
}

// pluralForm is the index of the plural form of n in lang: 0 one, 1 few,
// 2 many. Russian distinguishes 1 (21, 31…), 2–4 (22–24…) and the rest;
// the other languages 1 and the rest, French taking the singular for 0.
func pluralForm(lang string, n int) int {
	switch lang {
	case "ru":
		switch {
		case n%10 == 1 && n%100 != 11:
			return 0
		case n%10 >= 2 && n%10 <= 4 && (n%100 < 12 || n%100 > 14):
			return 1
		}
		return 2
	case "fr":
		if n <= 1 {
			return 0
		}
	default:
		if n == 1 {
			return 0
		}
	}
	return 2
}

// PluralForm is pluralForm for the adapters: 0 one, 1 few (Russian 2–4,
// 22–24…), 2 many.
func PluralForm(lang string, n int) int { return pluralForm(lang, n) }

// Translation is the label of a model's translation of a quote in lang
// ("traduction", "Übersetzung"), the one the answer prompt asks for.
func Translation(lang string) string { return prompts.TranslationLabel(lang) }

// NotFoundText is the text of an answer refusing a question the articles
// do not cover, naming the period searched when there was one.
func NotFoundText(lang, period string) string {
	f := frameFor(lang)
	if period != "" {
		return fmt.Sprintf(f.notFoundPeriod, period)
	}
	return f.notFound
}

// PeriodText names the period searched, whose ends (either may be "")
// are written dates: "du 1er mars 2012 au 31 mars 2012", "vom 1. März
// 2012 bis 31. März 2012".
func PeriodText(lang, from, to string) string {
	f := frameFor(lang)
	switch {
	case from != "" && to != "":
		return fmt.Sprintf(f.periodFromTo, from, to)
	case from != "":
		return fmt.Sprintf(f.periodSince, from)
	}
	return fmt.Sprintf(f.periodTo, to)
}

// Notice returns one of the engine's notices in lang, by name: "cut",
// "unverified", "wordsOnly", "relaxed", "dateInText".
func Notice(lang, name string) string {
	f := frameFor(lang)
	switch name {
	case "cut":
		return f.cut
	case "unverified":
		return f.unverified
	case "wordsOnly":
		return f.wordsOnly
	case "relaxed":
		return f.relaxed
	case "dateInText":
		return f.dateInText
	}
	return ""
}

// frames are the engine's texts by language.
var frames = map[string]*frame{
	"fr": {
		open: "«\u00a0", close: "\u00a0»",
		according: "D'après %s", dated: "%s (%s)", colon: "\u00a0:",
		related:      "Pas de réponse directe dans les articles\u00a0; passages les plus proches\u00a0:",
		quotesIn:     "Les citations sont en %s, la langue des articles.",
		quotesInCode: "Les citations sont dans la langue des articles (%s).",
		langs: map[string]string{"fr": "français", "en": "anglais", "ru": "russe", "de": "allemand", "es": "espagnol",
			"it": "italien", "pt": "portugais", "nl": "néerlandais", "uk": "ukrainien"},
		notFound:       "Je n'ai rien trouvé dans le corpus sur cette question.",
		notFoundPeriod: "Je n'ai rien trouvé dans les articles %s sur cette question.",
		periodFromTo:   "du %s au %s", periodSince: "depuis le %s", periodTo: "avant le %s",
		cut:        "La réponse du modèle était trop longue : elle a été coupée.",
		unverified: "Rien de ce qu'a écrit le modèle n'a pu être vérifié dans les sources ; cette réponse est extractive.",
		wordsOnly:  "Le service d'embeddings est injoignable : recherche par mots seulement.",
		relaxed:    "Aucun article n'est daté de la période demandée ; ces passages sont d'autres dates ou non datés.",
		dateInText: "Aucun article n'est daté de la période demandée : la date est cherchée dans le texte des articles.",
		understood: "Compris\u00a0: %s.", continues: "Compris comme la suite de\u00a0: %s.",
		removed: [3]string{"%d affirmation introuvable dans les sources a été retirée.", "",
			"%d affirmations introuvables dans les sources ont été retirées."},
		invalidKey: "La clé d'API du modèle n'est pas valide ; cette réponse est extractive.",
		busy:       "Le modèle est trop sollicité ; cette réponse est extractive.",
		unreached:  "Le modèle est injoignable ; cette réponse est extractive.",
		paragraph:  "paragraphe %d sur %d", paragraphs: "paragraphes %d–%d sur %d",
		example: "Que disent les articles sur « %s » ?", exampleWhen: "Qu’a-t-on rapporté sur « %s » en %s ?",
	},
	"en": {
		open: `"`, close: `"`,
		according: "According to %s", dated: "%s (%s)", colon: ":",
		related:      "No direct answer in the articles; closest passages:",
		quotesIn:     "The quotes are in %s, the articles' language.",
		quotesInCode: "The quotes are in the articles' language (%s).",
		langs: map[string]string{"fr": "French", "en": "English", "ru": "Russian", "de": "German", "es": "Spanish",
			"it": "Italian", "pt": "Portuguese", "nl": "Dutch", "uk": "Ukrainian"},
		notFound:       "The corpus does not cover this question.",
		notFoundPeriod: "The articles %s do not cover this question.",
		periodFromTo:   "from %s to %s", periodSince: "since %s", periodTo: "before %s",
		cut:        "The model's answer was too long and was cut.",
		unverified: "Nothing the model wrote could be verified in the sources; this answer is extractive.",
		wordsOnly:  "The embedding service could not be reached: searched by words only.",
		relaxed:    "No article is dated in the period asked about; these passages are from other or unknown dates.",
		dateInText: "No article is dated in the period asked about: the date is searched for in the articles' text.",
		understood: "Understood: %s.", continues: "Understood as following: %s.",
		removed: [3]string{"%d statement not found in the sources was removed.", "",
			"%d statements not found in the sources were removed."},
		invalidKey: "The model API key is invalid; this answer is extractive.",
		busy:       "The model is busy; this answer is extractive.",
		unreached:  "The model could not be reached; this answer is extractive.",
		paragraph:  "paragraph %d of %d", paragraphs: "paragraphs %d–%d of %d",
		example: "What do the articles say about “%s”?", exampleWhen: "What was reported about “%s” in %s?",
	},
	"de": {
		open: "„", close: "“",
		according: "Laut %s", dated: "%s (%s)", colon: ":",
		related:      "Keine direkte Antwort in den Artikeln; die nächstliegenden Passagen:",
		quotesIn:     "Die Zitate sind auf %s, der Sprache der Artikel.",
		quotesInCode: "Die Zitate sind in der Sprache der Artikel (%s).",
		langs: map[string]string{"fr": "Französisch", "en": "Englisch", "ru": "Russisch", "de": "Deutsch", "es": "Spanisch",
			"it": "Italienisch", "pt": "Portugiesisch", "nl": "Niederländisch", "uk": "Ukrainisch"},
		notFound:       "Dazu habe ich in den Artikeln nichts gefunden.",
		notFoundPeriod: "Dazu habe ich in den Artikeln %s nichts gefunden.",
		periodFromTo:   "vom %s bis %s", periodSince: "seit dem %s", periodTo: "vor dem %s",
		cut:        "Die Antwort des Modells war zu lang und wurde gekürzt.",
		unverified: "Nichts von dem, was das Modell geschrieben hat, ließ sich in den Quellen belegen; diese Antwort besteht nur aus Auszügen.",
		wordsOnly:  "Der Embedding-Dienst ist nicht erreichbar: Suche nur nach Wörtern.",
		relaxed:    "Kein Artikel ist auf den gefragten Zeitraum datiert; diese Passagen stammen von anderen oder unbekannten Daten.",
		dateInText: "Kein Artikel ist auf den gefragten Zeitraum datiert: das Datum wird im Text der Artikel gesucht.",
		understood: "Verstanden als: %s.", continues: "Verstanden als Fortsetzung von: %s.",
		removed: [3]string{"%d Aussage, die nicht in den Quellen steht, wurde entfernt.", "",
			"%d Aussagen, die nicht in den Quellen stehen, wurden entfernt."},
		invalidKey: "Der API-Schlüssel des Modells ist ungültig; diese Antwort besteht nur aus Auszügen.",
		busy:       "Das Modell ist überlastet; diese Antwort besteht nur aus Auszügen.",
		unreached:  "Das Modell ist nicht erreichbar; diese Antwort besteht nur aus Auszügen.",
		paragraph:  "Absatz %d von %d", paragraphs: "Absätze %d–%d von %d",
		example: "Was berichten die Artikel über „%s“?", exampleWhen: "Was wurde über „%s“ berichtet (%s)?",
		errors: map[errorKind]string{
			kindInvalidKey:       "Der API-Schlüssel des Modells ist leider ungültig: Bitten Sie den Administrator, ihn zu prüfen.",
			kindBusy:             "Das Modell ist gerade überlastet (zu viele Anfragen). Bitte versuchen Sie es in einer Minute noch einmal.",
			kindTimeout:          "Die Antwort hat zu lange gedauert und wurde abgebrochen. Bitte versuchen Sie es noch einmal.",
			kindUnreachable:      "Das Modell ist nicht erreichbar. Bitte versuchen Sie es später noch einmal.",
			kindNoIndex:          "Es gibt noch keinen Index: Erstellen Sie ihn zuerst (verbatim index oder /reindex).",
			kindEmbedderMismatch: "Der Index wurde mit einem anderen Embedding-Modell erstellt als dem konfigurierten: Erstellen Sie ihn neu (verbatim index oder /reindex).",
			kindCanceled:         "Die Frage wurde abgebrochen.",
			kindGeneric:          "Leider ist ein Fehler aufgetreten. Bitte versuchen Sie es noch einmal.",
		},
	},
	"es": {
		open: "«", close: "»",
		according: "Según %s", dated: "%s (%s)", colon: ":",
		related:      "No hay una respuesta directa en los artículos; los pasajes más cercanos:",
		quotesIn:     "Las citas están en %s, el idioma de los artículos.",
		quotesInCode: "Las citas están en el idioma de los artículos (%s).",
		langs: map[string]string{"fr": "francés", "en": "inglés", "ru": "ruso", "de": "alemán", "es": "español",
			"it": "italiano", "pt": "portugués", "nl": "neerlandés", "uk": "ucraniano"},
		notFound:       "No he encontrado nada en los artículos sobre esta pregunta.",
		notFoundPeriod: "No he encontrado nada en los artículos %s sobre esta pregunta.",
		periodFromTo:   "del %s al %s", periodSince: "desde el %s", periodTo: "anteriores al %s",
		cut:        "La respuesta del modelo era demasiado larga y se ha cortado.",
		unverified: "Nada de lo que escribió el modelo se pudo verificar en las fuentes; esta respuesta es extractiva.",
		wordsOnly:  "El servicio de embeddings no responde: búsqueda solo por palabras.",
		relaxed:    "Ningún artículo tiene fecha en el período preguntado; estos pasajes son de otras fechas o no tienen fecha.",
		dateInText: "Ningún artículo tiene fecha en el período preguntado: la fecha se busca en el texto de los artículos.",
		understood: "Entendido: %s.", continues: "Entendido como continuación de: %s.",
		removed: [3]string{"Se ha retirado %d afirmación que no está en las fuentes.", "",
			"Se han retirado %d afirmaciones que no están en las fuentes."},
		invalidKey: "La clave de API del modelo no es válida; esta respuesta es extractiva.",
		busy:       "El modelo está saturado; esta respuesta es extractiva.",
		unreached:  "No se puede contactar con el modelo; esta respuesta es extractiva.",
		paragraph:  "párrafo %d de %d", paragraphs: "párrafos %d–%d de %d",
		example: "¿Qué dicen los artículos sobre «%s»?", exampleWhen: "¿Qué se publicó sobre «%s» en %s?",
		errors: map[errorKind]string{
			kindInvalidKey:       "Lo siento, la clave de API del modelo no es válida: pida al administrador que la revise.",
			kindBusy:             "El modelo está saturado en este momento (demasiadas solicitudes). Vuelva a intentarlo dentro de un minuto.",
			kindTimeout:          "La respuesta tardó demasiado y se abandonó. Vuelva a intentarlo.",
			kindUnreachable:      "No se puede contactar con el modelo. Vuelva a intentarlo más tarde.",
			kindNoIndex:          "Todavía no hay índice: créelo primero (verbatim index, o /reindex).",
			kindEmbedderMismatch: "El índice se creó con un modelo de embeddings distinto del configurado: vuelva a crearlo (verbatim index, o /reindex).",
			kindCanceled:         "La pregunta se ha cancelado.",
			kindGeneric:          "Lo siento, se ha producido un error. Vuelva a intentarlo.",
		},
	},
	"ru": {
		open: "«", close: "»",
		according: "Согласно статье %s", dated: "%s (%s)", colon: ":",
		related:      "Прямого ответа в статьях нет; самые близкие отрывки:",
		quotesIn:     "Цитаты приведены на языке оригинала — %s.",
		quotesInCode: "Цитаты приведены на языке оригинала (%s).",
		langs: map[string]string{"fr": "французском", "en": "английском", "ru": "русском", "de": "немецком", "es": "испанском",
			"it": "итальянском", "pt": "португальском", "nl": "нидерландском", "uk": "украинском"},
		notFound:       "В статьях ничего не нашлось по этому вопросу.",
		notFoundPeriod: "В статьях %s ничего не нашлось по этому вопросу.",
		periodFromTo:   "с %s по %s", periodSince: "начиная с %s", periodTo: "до %s",
		cut:        "Ответ модели был слишком длинным и обрезан.",
		unverified: "Ничего из написанного моделью не удалось подтвердить по источникам; этот ответ составлен из цитат.",
		wordsOnly:  "Сервис эмбеддингов недоступен: поиск только по словам.",
		relaxed:    "Статей за запрошенный период нет; эти отрывки за другие даты или без даты.",
		dateInText: "Статей за запрошенный период нет: дата ищется в тексте статей.",
		understood: "Понято как: %s.", continues: "Понято как продолжение вопроса: %s.",
		removed: [3]string{"%d утверждение, которого нет в источниках, удалено.",
			"%d утверждения, которых нет в источниках, удалены.",
			"%d утверждений, которых нет в источниках, удалены."},
		invalidKey: "Ключ API модели недействителен; этот ответ составлен из цитат.",
		busy:       "Модель перегружена; этот ответ составлен из цитат.",
		unreached:  "Модель недоступна; этот ответ составлен из цитат.",
		paragraph:  "абзац %d из %d", paragraphs: "абзацы %d–%d из %d",
		example: "Что пишут в статьях о «%s»?", exampleWhen: "Что сообщалось о «%s» (%s)?",
		errors: map[errorKind]string{
			kindInvalidKey:       "К сожалению, ключ API модели недействителен: попросите администратора его проверить.",
			kindBusy:             "Модель сейчас перегружена (слишком много запросов). Попробуйте ещё раз через минуту.",
			kindTimeout:          "Ответ занял слишком много времени и был прерван. Попробуйте ещё раз.",
			kindUnreachable:      "Модель недоступна. Попробуйте позже.",
			kindNoIndex:          "Индекса пока нет: сначала постройте его (verbatim index или /reindex).",
			kindEmbedderMismatch: "Индекс построен другой моделью эмбеддингов, чем указана в настройках: перестройте его (verbatim index или /reindex).",
			kindCanceled:         "Вопрос отменён.",
			kindGeneric:          "К сожалению, что-то пошло не так. Попробуйте ещё раз.",
		},
	},
}

// quoteLangText says the quotes are in language code l.
func (f *frame) quoteLangText(l string) string {
	if name, ok := f.langs[l]; ok {
		return fmt.Sprintf(f.quotesIn, name)
	}
	return fmt.Sprintf(f.quotesInCode, l)
}

// QuotesInNotice says, in lang, that the quotes are in articlesLang, the
// articles' language: the notice of an answer whose quotes are in another
// language than the question.
func QuotesInNotice(lang, articlesLang string) string {
	return frameFor(lang).quoteLangText(articlesLang)
}
