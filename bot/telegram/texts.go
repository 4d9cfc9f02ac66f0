package telegram

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// texts holds the interface strings of one language. Answers themselves
// follow the question's language; these follow the user's Telegram
// language_code.
type texts struct {
	lang string

	helpIntro    string // %s "1 news article", "42 news articles"
	helpSpan     string // %s – %s
	helpSpanOne  string // %s, the one month (or day) covered
	helpLangs    string // %s
	helpEmpty    string
	helpHowTo    string
	helpExamples string // the title of the example list

	notAvailable  string
	refused       string
	slowDown      string // %s wait
	queued        string // %d place
	thinking      string
	usageAsk      string
	usageSource   string
	usageSearch   string
	noLastAnswer  string
	noSuchSource  string // %d n, %d count
	expired       string
	sourcesTitle  string
	searchNone    string
	latestTitle   string
	latestNone    string
	reindexBusy   string
	reindexStart  string
	reindexProg   string // %d done, %d total
	reindexDone   string // added, updated, removed, unchanged, skipped, seconds
	reindexFailed string // %s error
	reindexSwap   string // %s articles, %s passages
	stats         string
	unknownModel  string

	// reindexRunning (%s start) and reindexLastFailed (%s when, %s
	// error) follow /stats when the index is shared.
	reindexRunning, reindexLastFailed string

	commands [][2]string
	// adminCommands are the admin-only commands: name, menu description,
	// /help line; the menu and /help show them to admins, those the
	// configuration enables.
	adminCommands [][3]string
	helpAdmin     string // the title of the admin lines of /help
}

var textsEN = texts{
	lang:         "en",
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

var textsFR = texts{
	lang:         "fr",
	helpIntro:    "Je réponds aux questions sur %s, uniquement par des citations exactes et datées.",
	helpSpan:     "Période couverte : %s – %s.",
	helpSpanOne:  "Période couverte : %s.",
	helpLangs:    "Langues : %s.",
	helpEmpty:    "Ma bibliothèque est vide pour l’instant.",
	helpHowTo:    "Posez votre question en langage courant (dans un groupe, mentionnez-moi ou utilisez /ask). Chaque citation est accompagnée de sa source ; touchez un numéro sous une réponse pour lire le passage complet.\n\n/sources – sources de ma dernière réponse\n/source N – passage complet de la source N\n/search TERMES – passages correspondants, sans modèle\n/latest – les articles les plus récents",
	helpExamples: "Exemples :",

	notAvailable:  "Cette commande n’est pas disponible.",
	refused:       "Désolé, ce bot est privé.",
	slowDown:      "Vous posez beaucoup de questions à la fois : merci d’attendre %s avant la prochaine.",
	queued:        "Vous êtes %de dans la file d’attente.",
	thinking:      "…",
	usageAsk:      "Utilisation : /ask votre question",
	usageSource:   "Utilisation : /source N (un numéro de /sources)",
	usageSearch:   "Utilisation : /search termes",
	noLastAnswer:  "Je n’ai encore rien répondu dans cette conversation.",
	noSuchSource:  "Il n’y a pas de source %d : la dernière réponse en a %d.",
	expired:       "Cette réponse est trop ancienne ; reposez la question.",
	sourcesTitle:  "Sources",
	searchNone:    "Aucun passage ne correspond.",
	latestTitle:   "Derniers articles",
	latestNone:    "Aucun article pour l’instant.",
	reindexBusy:   "Une réindexation est déjà en cours ; merci d’attendre qu’elle se termine.",
	reindexStart:  "Réindexation…",
	reindexProg:   "Réindexation… %d/%d articles",
	reindexDone:   "Réindexation terminée en %.1f s : %d ajoutés, %d modifiés, %d supprimés, %d inchangés, %d ignorés.",
	reindexFailed: "La réindexation a échoué, l’index précédent reste en service : %s",
	reindexSwap:   "%s, %s désormais.",
	stats:         "Articles : %d\nPassages : %d\nIndex construit : %s (%s)\nQuestions depuis le démarrage : %d\nEmbeddings : %s\nModèle : %s",
	unknownModel:  "aucun (réponses extractives)",

	reindexRunning:    "Réindexation en cours depuis %s",
	reindexLastFailed: "Dernière réindexation échouée à %s (l’index précédent reste en service) : %s",

	commands: [][2]string{
		{"help", "Ce que je sais et comment me questionner"},
		{"ask", "Poser une question"},
		{"sources", "Sources de la dernière réponse"},
		{"source", "Passage complet de la source N"},
		{"search", "Chercher des passages sans modèle"},
		{"latest", "Les articles les plus récents"},
	},
	adminCommands: [][3]string{
		{"add", "Ajouter un article (lien ou fichier)", "/add URL – ajouter l’article de cette adresse (ou envoyez-moi un lien, ou un fichier HTML, TXT, MD, JSON ou JSONL)"},
		{"reindex", "Reconstruire l’index depuis le corpus", "/reindex – reconstruire l’index depuis le corpus"},
		{"stats", "Index, flux et questions posées", "/stats – index, flux et questions posées"},
	},
	helpAdmin: "En tant qu’administrateur :",
}

// textsFor picks the interface language from a Telegram language_code:
// "fr", "fr-CA"… get French, anything else English.
func textsFor(languageCode string) *texts {
	if strings.HasPrefix(strings.ToLower(languageCode), "fr") {
		return &textsFR
	}
	return &textsEN
}

// langName names a language code in the interface language.
func (t *texts) langName(code string) string {
	names := map[string][2]string{
		"fr": {"French", "français"},
		"en": {"English", "anglais"},
		"es": {"Spanish", "espagnol"},
		"de": {"German", "allemand"},
		"it": {"Italian", "italien"},
		"ru": {"Russian", "russe"},
	}
	n, ok := names[code]
	if !ok {
		return code
	}
	if t.lang == "fr" {
		return n[1]
	}
	return n[0]
}

// slowDownText tells a rate-limited user how long to wait, rounded up to
// the second (to the minute from one minute on).
func (t *texts) slowDownText(wait time.Duration) string {
	secs := max(1, int(math.Ceil(wait.Seconds())))
	if secs < 60 {
		return fmt.Sprintf(t.slowDown, t.plural(secs, "second", "seconde"))
	}
	return fmt.Sprintf(t.slowDown, t.plural((secs+59)/60, "minute", "minute"))
}

// plural writes n with its unit, "1 article" and "2 articles" (French
// takes the singular below 2: "0 article"; English only for 1).
func (t *texts) plural(n int, en, fr string) string {
	unit := en
	if t.lang == "fr" {
		unit = fr
	}
	if n > 1 || n == 0 && t.lang != "fr" {
		unit += "s"
	}
	return fmt.Sprintf("%d %s", n, unit)
}

// articles counts articles: "1 article", "42 articles".
func (t *texts) articles(n int) string { return t.plural(n, "article", "article") }

// newsArticles counts the articles of the library: "1 news article",
// "42 articles de presse".
func (t *texts) newsArticles(n int) string {
	if t.lang == "fr" {
		if n <= 1 {
			return fmt.Sprintf("%d article de presse", n)
		}
		return fmt.Sprintf("%d articles de presse", n)
	}
	return t.plural(n, "news article", "")
}

// passages counts passages: "1 passage", "420 passages".
func (t *texts) passages(n int) string { return t.plural(n, "passage", "passage") }

// span is the period a library covers: "avril 2025 – 3 mai 2025", or the
// one date when both ends read the same ("avril 2025").
func (t *texts) span(oldest, newest string) string {
	if oldest == newest {
		return fmt.Sprintf(t.helpSpanOne, oldest)
	}
	return fmt.Sprintf(t.helpSpan, oldest, newest)
}

// queuedText says the user's place in the model queue ("1er" in French).
func (t *texts) queuedText(place int) string {
	if t.lang == "fr" && place == 1 {
		return "Vous êtes 1er dans la file d’attente."
	}
	return fmt.Sprintf(t.queued, place)
}

// ago writes how long ago something happened as a person would: "just
// now", "1 min ago", "3 h ago", "2 days ago"; "à l’instant", "il y a 1
// min", "il y a 3 h", "il y a 2 jours".
func (t *texts) ago(d time.Duration) string {
	var n string
	switch {
	case d < time.Minute:
		if t.lang == "fr" {
			return "à l’instant"
		}
		return "just now"
	case d < time.Hour:
		n = fmt.Sprintf("%d min", int(d/time.Minute))
	case d < 48*time.Hour:
		n = fmt.Sprintf("%d h", int(d/time.Hour))
	default:
		n = t.plural(int(d/(24*time.Hour)), "day", "jour")
	}
	if t.lang == "fr" {
		return "il y a " + n
	}
	return n + " ago"
}
