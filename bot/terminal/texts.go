package terminal

// texts are the terminal's own texts by language (fr, en, de, es, ru): the
// answer's frame comes from the engine, in the same languages. A language
// without its own texts gets English.
var texts = map[string]map[string]string{
	"fr": {
		// quotes, timeline and check (archive.go); counts are "one|few|many".
		"quotations": "%d citation|%d citations", "articles": "%d article|%d articles", "passages": "%d passage|%d passages",
		"quotesHead": "%s : %s, des plus récentes aux plus anciennes", "timelineHead": "%s : %s, %s",
		"noQuotes": "Aucune citation de %s dans les archives.", "noQuotesTopic": "Aucune citation de %s sur %s dans les archives.",
		"noTimeline": "Aucun article daté sur %s dans les archives.",
		"exact":      "Exact : les archives contiennent ces mots.", "altered": "Modifié%s : la source dit",
		"notFound":            "Introuvable : rien dans les archives n'est proche de %s.",
		"kind.number_changed": "nombre changé", "kind.negation_added": "négation ajoutée", "kind.negation_removed": "négation retirée",
		"kind.words_replaced": "mots remplacés", "kind.words_added": "mots ajoutés", "kind.words_dropped": "mots retirés",
		"kind.cut": "coupe", "kind.spliced": "deux passages raccordés",
		"sources": "Sources :", "noSources": "La dernière réponse n'a pas de source.", "undated": "sans date",
		"usageQuotes": "Usage : /quotes NOM [sujet]", "usageTimeline": "Usage : /timeline sujet", "usageCheck": "Usage : /check TEXTE",
		"unavailable": "Les archives ne peuvent pas être consultées ainsi pour le moment.",
		"askFirst":    "Posez d'abord une question.", "usageAsk": "Usage : /ask QUESTION", "unknown": "Commande inconnue.",
		"usageSource": "Usage : /source N (1 à %d)\n", "usageSearch": "Usage : /search MOTS", "noPassage": "Aucun passage trouvé.",
		"open": "« ", "close": " »",
		"help": `Posez une question en français, anglais, allemand, espagnol ou russe ; la réponse cite le corpus mot pour mot, avec les dates.
  /sources      les sources de la dernière réponse
  /source N     le passage complet de la source N
  /search MOTS  les meilleurs passages pour ces mots
  /quotes NOM [sujet]  ce qu'une personne a dit, des plus récentes aux plus anciennes
  /timeline SUJET      les articles datés sur un sujet, dans l'ordre
  /check TEXTE         d'où vient une citation : exacte, modifiée ou introuvable
  /help         cette aide
  /quit         quitter`,
	},
	"en": {
		"quotations": "%d quotation|%d quotations", "articles": "%d article|%d articles", "passages": "%d passage|%d passages",
		"quotesHead": "%s: %s, newest first", "timelineHead": "%s: %s, %s",
		"noQuotes": "No quotation of %s in the archive.", "noQuotesTopic": "No quotation of %s about %s in the archive.",
		"noTimeline": "No dated article about %s in the archive.",
		"exact":      "Exact: the archive has these words.", "altered": "Altered%s: the source says",
		"notFound":            "Not found: nothing in the archive is close to %s.",
		"kind.number_changed": "number changed", "kind.negation_added": "negation added", "kind.negation_removed": "negation removed",
		"kind.words_replaced": "words replaced", "kind.words_added": "words added", "kind.words_dropped": "words dropped",
		"kind.cut": "cut", "kind.spliced": "two passages spliced",
		"sources": "Sources:", "noSources": "The last answer has no sources.", "undated": "undated",
		"usageQuotes": "Usage: /quotes NAME [topic]", "usageTimeline": "Usage: /timeline topic", "usageCheck": "Usage: /check TEXT",
		"unavailable": "The archive cannot be searched this way right now.",
		"askFirst":    "Ask a question first.", "usageAsk": "Usage: /ask QUESTION", "unknown": "Unknown command.",
		"usageSource": "Usage: /source N (1 to %d)\n", "usageSearch": "Usage: /search TERMS", "noPassage": "No passage found.",
		"open": "“", "close": "”",
		"help": `Ask a question in English, French, German, Spanish or Russian; the answer quotes the corpus word for word, with dates.
  /sources      the sources of the last answer
  /source N     the full passage of source N
  /search TERMS the best passages for these terms
  /quotes NAME [topic] what a person said, newest first
  /timeline TOPIC      the dated articles about a topic, in order
  /check TEXT          where a quote comes from: exact, altered or not found
  /help         this help
  /quit         leave`,
	},
	"de": {
		"quotations": "%d Zitat|%d Zitate", "articles": "%d Artikel|%d Artikel", "passages": "%d Passage|%d Passagen",
		"quotesHead": "%s: %s, die neuesten zuerst", "timelineHead": "%s: %s, %s",
		"noQuotes": "Kein Zitat von %s im Archiv.", "noQuotesTopic": "Kein Zitat von %s zu %s im Archiv.",
		"noTimeline": "Kein datierter Artikel zu %s im Archiv.",
		"exact":      "Exakt: Das Archiv enthält diese Worte.", "altered": "Verändert%s: Die Quelle sagt",
		"notFound":            "Nicht gefunden: Nichts im Archiv kommt %s nahe.",
		"kind.number_changed": "Zahl geändert", "kind.negation_added": "Verneinung hinzugefügt", "kind.negation_removed": "Verneinung entfernt",
		"kind.words_replaced": "Wörter ersetzt", "kind.words_added": "Wörter hinzugefügt", "kind.words_dropped": "Wörter weggelassen",
		"kind.cut": "gekürzt", "kind.spliced": "zwei Passagen zusammengefügt",
		"sources": "Quellen:", "noSources": "Die letzte Antwort hat keine Quellen.", "undated": "ohne Datum",
		"usageQuotes": "Verwendung: /quotes NAME [Thema]", "usageTimeline": "Verwendung: /timeline Thema", "usageCheck": "Verwendung: /check TEXT",
		"unavailable": "Das Archiv kann gerade nicht so durchsucht werden.",
		"askFirst":    "Stellen Sie zuerst eine Frage.", "usageAsk": "Verwendung: /ask FRAGE", "unknown": "Unbekannter Befehl.",
		"usageSource": "Verwendung: /source N (1 bis %d)\n", "usageSearch": "Verwendung: /search BEGRIFFE", "noPassage": "Keine Passage gefunden.",
		"open": "„", "close": "“",
		"help": `Stellen Sie eine Frage auf Deutsch, Englisch, Französisch, Spanisch oder Russisch; die Antwort zitiert den Korpus wörtlich, mit Datum.
  /sources         die Quellen der letzten Antwort
  /source N        die ganze Passage der Quelle N
  /search BEGRIFFE die besten Passagen für diese Begriffe
  /quotes NAME [Thema] was eine Person gesagt hat, die neuesten zuerst
  /timeline THEMA      die datierten Artikel zu einem Thema, der Reihe nach
  /check TEXT          woher ein Zitat stammt: wörtlich, verändert oder nicht gefunden
  /help            diese Hilfe
  /quit            beenden`,
	},
	"es": {
		"quotations": "%d cita|%d citas", "articles": "%d artículo|%d artículos", "passages": "%d pasaje|%d pasajes",
		"quotesHead": "%s: %s, de la más reciente a la más antigua", "timelineHead": "%s: %s, %s",
		"noQuotes": "Ninguna cita de %s en el archivo.", "noQuotesTopic": "Ninguna cita de %s sobre %s en el archivo.",
		"noTimeline": "Ningún artículo fechado sobre %s en el archivo.",
		"exact":      "Exacto: el archivo contiene estas palabras.", "altered": "Alterado%s: la fuente dice",
		"notFound":            "No encontrado: nada en el archivo se parece a %s.",
		"kind.number_changed": "número cambiado", "kind.negation_added": "negación añadida", "kind.negation_removed": "negación suprimida",
		"kind.words_replaced": "palabras sustituidas", "kind.words_added": "palabras añadidas", "kind.words_dropped": "palabras omitidas",
		"kind.cut": "corte", "kind.spliced": "dos pasajes empalmados",
		"sources": "Fuentes:", "noSources": "La última respuesta no tiene fuentes.", "undated": "sin fecha",
		"usageQuotes": "Uso: /quotes NOMBRE [tema]", "usageTimeline": "Uso: /timeline tema", "usageCheck": "Uso: /check TEXTO",
		"unavailable": "El archivo no se puede consultar así en este momento.",
		"askFirst":    "Haga primero una pregunta.", "usageAsk": "Uso: /ask PREGUNTA", "unknown": "Comando desconocido.",
		"usageSource": "Uso: /source N (de 1 a %d)\n", "usageSearch": "Uso: /search TÉRMINOS", "noPassage": "No se encontró ningún pasaje.",
		"open": "«", "close": "»",
		"help": `Haga una pregunta en español, inglés, francés, alemán o ruso; la respuesta cita el corpus palabra por palabra, con las fechas.
  /sources          las fuentes de la última respuesta
  /source N         el pasaje completo de la fuente N
  /search TÉRMINOS  los mejores pasajes para esos términos
  /quotes NOMBRE [tema]  lo que dijo una persona, de lo más reciente a lo más antiguo
  /timeline TEMA         los artículos fechados sobre un tema, en orden
  /check TEXTO           de dónde viene una cita: exacta, alterada o no encontrada
  /help             esta ayuda
  /quit             salir`,
	},
	"ru": {
		"quotations": "%d цитата|%d цитаты|%d цитат", "articles": "%d статья|%d статьи|%d статей", "passages": "%d отрывок|%d отрывка|%d отрывков",
		"quotesHead": "%s: %s, сначала новые", "timelineHead": "%s: %s, %s",
		"noQuotes": "%s: в архиве нет цитат.", "noQuotesTopic": "%s: в архиве нет цитат на тему %s.",
		"noTimeline": "В архиве нет датированных статей на тему %s.",
		"exact":      "Точно: в архиве есть эти слова.", "altered": "Изменено%s: в источнике сказано",
		"notFound":            "Не найдено: в архиве нет ничего близкого к %s.",
		"kind.number_changed": "изменено число", "kind.negation_added": "добавлено отрицание", "kind.negation_removed": "убрано отрицание",
		"kind.words_replaced": "заменены слова", "kind.words_added": "добавлены слова", "kind.words_dropped": "пропущены слова",
		"kind.cut": "сокращение", "kind.spliced": "склеены два отрывка",
		"sources": "Источники:", "noSources": "У последнего ответа нет источников.", "undated": "без даты",
		"usageQuotes": "Использование: /quotes ИМЯ [тема]", "usageTimeline": "Использование: /timeline тема", "usageCheck": "Использование: /check ТЕКСТ",
		"unavailable": "Сейчас архив нельзя просмотреть таким образом.",
		"askFirst":    "Сначала задайте вопрос.", "usageAsk": "Использование: /ask ВОПРОС", "unknown": "Неизвестная команда.",
		"usageSource": "Использование: /source N (от 1 до %d)\n", "usageSearch": "Использование: /search СЛОВА", "noPassage": "Отрывков не найдено.",
		"open": "«", "close": "»",
		"help": `Задайте вопрос по-русски, по-английски, по-французски, по-немецки или по-испански; ответ цитирует корпус дословно, с датами.
  /sources      источники последнего ответа
  /source N     отрывок источника N целиком
  /search СЛОВА лучшие отрывки по этим словам
  /quotes ИМЯ [тема]  что сказал человек, сначала новое
  /timeline ТЕМА      датированные статьи по теме, по порядку
  /check ТЕКСТ        откуда цитата: дословная, изменённая или не найдена
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
