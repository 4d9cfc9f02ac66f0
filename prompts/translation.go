package prompts

// translationLabels name, in the language of an answer, the model's
// translation of a quote in another language: "(traduction : …)",
// "(Übersetzung: …)". The engine's and the adapters' texts use the same
// label.
var translationLabels = map[string]string{
	"fr": "traduction", "en": "translation", "de": "Übersetzung", "es": "traducción", "ru": "перевод",
}

// TranslationLabel returns the label of a translation in lang, English
// for a language without one.
func TranslationLabel(lang string) string {
	if l, ok := translationLabels[lang]; ok {
		return l
	}
	return translationLabels["en"]
}

// Translated writes the labelled translation that follows a quote in
// another language than the answer's: "(translation: …)", "(traduction :
// …)" with the French no-break space; never between quotation marks, so
// that it is never taken for the source's words.
func Translated(lang, translation string) string {
	sep := ": "
	if lang == "fr" {
		sep = "\u00a0: "
	}
	return "(" + TranslationLabel(lang) + sep + translation + ")"
}
