package terminal

// texts are the terminal's own texts by language (fr, en, de, es, ru): the
// answer's frame comes from the engine, in the same languages. A language
// without its own texts gets English.
var texts = map[string]map[string]string{
	"fr": {
		"sources": "Sources :", "noSources": "La dernière réponse n'a pas de source.", "undated": "sans date",
		"askFirst": "Posez d'abord une question.", "usageAsk": "Usage : /ask QUESTION", "unknown": "Commande inconnue.",
		"usageSource": "Usage : /source N (1 à %d)\n", "usageSearch": "Usage : /search MOTS", "noPassage": "Aucun passage trouvé.",
		"open": "« ", "close": " »",
		"help": `Posez une question en français, anglais, allemand, espagnol ou russe ; la réponse cite le corpus mot pour mot, avec les dates.
  /sources      les sources de la dernière réponse
  /source N     le passage complet de la source N
  /search MOTS  les meilleurs passages pour ces mots
  /help         cette aide
  /quit         quitter`,
	},
	"en": {
		"sources": "Sources:", "noSources": "The last answer has no sources.", "undated": "undated",
		"askFirst": "Ask a question first.", "usageAsk": "Usage: /ask QUESTION", "unknown": "Unknown command.",
		"usageSource": "Usage: /source N (1 to %d)\n", "usageSearch": "Usage: /search TERMS", "noPassage": "No passage found.",
		"open": "“", "close": "”",
		"help": `Ask a question in English, French, German, Spanish or Russian; the answer quotes the corpus word for word, with dates.
  /sources      the sources of the last answer
  /source N     the full passage of source N
  /search TERMS the best passages for these terms
  /help         this help
  /quit         leave`,
	},
	"de": {
		"sources": "Quellen:", "noSources": "Die letzte Antwort hat keine Quellen.", "undated": "ohne Datum",
		"askFirst": "Stellen Sie zuerst eine Frage.", "usageAsk": "Verwendung: /ask FRAGE", "unknown": "Unbekannter Befehl.",
		"usageSource": "Verwendung: /source N (1 bis %d)\n", "usageSearch": "Verwendung: /search BEGRIFFE", "noPassage": "Keine Passage gefunden.",
		"open": "„", "close": "“",
		"help": `Stellen Sie eine Frage auf Deutsch, Englisch, Französisch, Spanisch oder Russisch; die Antwort zitiert den Korpus wörtlich, mit Datum.
  /sources         die Quellen der letzten Antwort
  /source N        die ganze Passage der Quelle N
  /search BEGRIFFE die besten Passagen für diese Begriffe
  /help            diese Hilfe
  /quit            beenden`,
	},
	"es": {
		"sources": "Fuentes:", "noSources": "La última respuesta no tiene fuentes.", "undated": "sin fecha",
		"askFirst": "Haga primero una pregunta.", "usageAsk": "Uso: /ask PREGUNTA", "unknown": "Comando desconocido.",
		"usageSource": "Uso: /source N (de 1 a %d)\n", "usageSearch": "Uso: /search TÉRMINOS", "noPassage": "No se encontró ningún pasaje.",
		"open": "«", "close": "»",
		"help": `Haga una pregunta en español, inglés, francés, alemán o ruso; la respuesta cita el corpus palabra por palabra, con las fechas.
  /sources          las fuentes de la última respuesta
  /source N         el pasaje completo de la fuente N
  /search TÉRMINOS  los mejores pasajes para esos términos
  /help             esta ayuda
  /quit             salir`,
	},
	"ru": {
		"sources": "Источники:", "noSources": "У последнего ответа нет источников.", "undated": "без даты",
		"askFirst": "Сначала задайте вопрос.", "usageAsk": "Использование: /ask ВОПРОС", "unknown": "Неизвестная команда.",
		"usageSource": "Использование: /source N (от 1 до %d)\n", "usageSearch": "Использование: /search СЛОВА", "noPassage": "Отрывков не найдено.",
		"open": "«", "close": "»",
		"help": `Задайте вопрос по-русски, по-английски, по-французски, по-немецки или по-испански; ответ цитирует корпус дословно, с датами.
  /sources      источники последнего ответа
  /source N     отрывок источника N целиком
  /search СЛОВА лучшие отрывки по этим словам
  /help         эта справка
  /quit         выйти`,
	},
}

// say returns the text key in lang, English when lang has no texts.
func say(lang, key string) string {
	if t, ok := texts[lang]; ok {
		return t[key]
	}
	return texts["en"][key]
}
