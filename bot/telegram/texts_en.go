package telegram

// The English catalogue: every text the bot writes to a user whose Telegram
// language is English (the default). Answers themselves follow the question's language.

var textsEN = texts{
	lang:         "en",
	justNow:      "just now",
	agoFormat:    "%s ago",
	add:          &addEN,
	helpIntro:    "I answer questions about %s, only with verbatim quotes and their dates.",
	helpSpan:     "Period covered: %s – %s.",
	helpSpanOne:  "Period covered: %s.",
	helpLangs:    "Languages: %s.",
	helpEmpty:    "My library is empty for now.",
	helpHowTo:    "Ask me a question in plain words (in groups, mention me or use /ask). Each quote comes with its source; press a number under an answer to read the full passage.\n\n/sources – sources of my last answer\n/source N – full passage of source N\n/search TERMS – matching passages, without a model\n/latest – the newest articles",
	helpExamples: "Examples:",

	notAvailable:  "This command is not available.",
	refused:       "Sorry, this bot is private.",
	slowDown:      "You are asking a lot at once: please wait %s before your next question.",
	queued:        "You are number %d in the queue.",
	thinking:      "…",
	usageAsk:      "Usage: /ask your question",
	usageSource:   "Usage: /source N (a number from /sources)",
	usageSearch:   "Usage: /search terms",
	noLastAnswer:  "I have not answered anything in this chat yet.",
	noSuchSource:  "There is no source %d: the last answer has %d.",
	expired:       "This answer is too old; ask again.",
	sourcesTitle:  "Sources",
	searchNone:    "No passage matches.",
	latestTitle:   "Latest articles",
	latestNone:    "No articles yet.",
	reindexBusy:   "A reindex is already running; please wait for it to finish.",
	reindexStart:  "Reindexing…",
	reindexProg:   "Reindexing… %d/%d articles",
	reindexDone:   "Reindex done in %.1f s: %d added, %d updated, %d removed, %d unchanged, %d skipped.",
	reindexFailed: "Reindex failed, the previous index keeps serving: %s",
	reindexSwap:   "%s, %s now.",
	stats:         "Articles: %d\nPassages: %d\nIndex built: %s (%s)\nQuestions since start: %d\nEmbedder: %s\nModel: %s",
	unknownModel:  "none (extractive answers)",

	reindexRunning:    "Reindex running since %s",
	reindexLastFailed: "Last reindex failed at %s (the previous index keeps serving): %s",

	commands: [][2]string{
		{"help", "What I know and how to ask"},
		{"ask", "Ask a question"},
		{"sources", "Sources of the last answer"},
		{"source", "Full passage of source N"},
		{"search", "Search passages without a model"},
		{"latest", "The newest articles"},
	},
	adminCommands: [][3]string{
		{"add", "Add an article from a link or a file", "/add URL – add the article at URL (or send me a link, or an HTML, TXT, MD, JSON or JSONL file)"},
		{"reindex", "Rebuild the index from the corpus", "/reindex – rebuild the index from the corpus"},
		{"stats", "Index, feeds and questions so far", "/stats – index, feeds and questions so far"},
	},
	helpAdmin: "As an administrator:",
}

// addEN are the texts of /add and of the feeds' state.
var addEN = addTexts{
	refused:      "Only an administrator can add articles.",
	usage:        "Send /add followed by a link (https://…), or send an HTML, TXT, MD, JSON or JSONL file.",
	added:        "Added: <b>%s</b> (%s), %d passages indexed. You can ask about it now.",
	duplicate:    "Already in the corpus: <b>%s</b> (%s), %d passages.",
	unsupported:  "Not added: unsupported format %q (send HTML, TXT, MD, JSON or JSONL).",
	tooLarge:     "Not added: the file is too large (%d bytes, limit %d).",
	feeds:        "Feeds: %d sources (%s); last poll %s; %d new articles today; %d failing.",
	feedsFailing: "Failing: %s",
	unreachable:  "Not added: the site could not be reached.",
	httpStatus:   "Not added: the site answered with an error (%d).",
	notPublic:    "Not added: this address is on a private network.",
	noText:       "Not added: no article text could be read from it.",
	notALink:     "Not added: that is not a web link (https://…).",
	timedOut:     "Not added: the site took too long to answer.",
	tooLargeBody: "Not added: the page is too large.",
}
