package terminal

import (
	"fmt"
	"strings"

	"verbatim/retrieval"
)

// Welcome describes the corpus and how to ask, in lang, with an example
// question drawn from the corpus and where the logs go when they go to a
// file.
func Welcome(lang string, info retrieval.Info, model bool, example, logPath string, dicts []string) string {
	span := info.Oldest.Display(lang)
	if n := info.Newest.Display(lang); n != "" && n != span {
		span += " – " + n
	}
	w, ok := welcomes[lang]
	if !ok {
		w = welcomes["en"]
	}
	var b strings.Builder
	fmt.Fprintf(&b, "verbatim · %s, %s", count(lang, "articles", info.Articles), count(lang, "passages", info.Chunks))
	if span != "" {
		b.WriteString(", " + span)
	}
	if len(info.Langs) > 0 {
		fmt.Fprintf(&b, w.langs, strings.Join(info.Langs, ", "))
	}
	if len(dicts) > 0 {
		fmt.Fprintf(&b, w.dicts, strings.Join(dicts, ", "))
	}
	mode := w.offline
	if model {
		mode = w.model
	}
	fmt.Fprintf(&b, w.mode, mode)
	b.WriteString(w.ask)
	if example != "" {
		fmt.Fprintf(&b, w.example, example)
	}
	b.WriteString(w.help)
	if logPath != "" {
		fmt.Fprintf(&b, w.log, logPath)
	}
	return b.String()
}

// welcomeTexts are the words of the welcome in one language.
type welcomeTexts struct {
	model, offline          string
	langs, dicts, mode      string // formats of one %s
	ask, example, help, log string // example and log: formats of one %s
}

// welcomes are the welcome's words by language.
var welcomes = map[string]welcomeTexts{
	"fr": {
		model: "modèle", offline: "hors ligne (extractif)",
		langs: " · langues : %s", dicts: " · dictionnaires : %s", mode: " · mode %s\n",
		ask: "Posez une question", example: " (ex. %s)", help: ". /help pour l'aide, /quit pour quitter.", log: "\nJournal : %s",
	},
	"en": {
		model: "model", offline: "offline (extractive)",
		langs: " · languages: %s", dicts: " · dictionaries: %s", mode: " · %s mode\n",
		ask: "Ask a question", example: " (e.g. %s)", help: ". /help for help, /quit to leave.", log: "\nLog: %s",
	},
	"de": {
		model: "Modell", offline: "offline (extraktiv)",
		langs: " · Sprachen: %s", dicts: " · Wörterbücher: %s", mode: " · Modus: %s\n",
		ask: "Stellen Sie eine Frage", example: " (z. B. %s)", help: ". /help für Hilfe, /quit zum Beenden.", log: "\nProtokoll: %s",
	},
	"es": {
		model: "modelo", offline: "sin conexión (extractivo)",
		langs: " · idiomas: %s", dicts: " · diccionarios: %s", mode: " · modo %s\n",
		ask: "Haga una pregunta", example: " (p. ej. %s)", help: ". /help para la ayuda, /quit para salir.", log: "\nRegistro: %s",
	},
	"ru": {
		model: "модель", offline: "офлайн (цитаты без модели)",
		langs: " · языки: %s", dicts: " · словари: %s", mode: " · режим: %s\n",
		ask: "Задайте вопрос", example: " (например: %s)", help: ". /help — справка, /quit — выход.", log: "\nЖурнал: %s",
	},
}
