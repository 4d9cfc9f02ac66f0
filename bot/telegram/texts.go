package telegram

import (
	"fmt"
	"math"
	"strings"
	"time"

	"verbatim/bot"
)

// texts holds the interface strings of one language. A reply speaks the
// question's language (see replyLang); a command's reply, the
// conversation's last language, else the user's Telegram language_code.
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

	// justNow and agoFormat (%s "3 min") write how long ago (see ago).
	justNow, agoFormat string
	// units are the counted nouns: for each, the forms for one, few
	// (Russian 2–4, 22–24…) and many, each with its %d ("%d минуты").
	units map[string][3]string
	// queuedFirst says place 1 in the model queue ("1er" in French).
	queuedFirst string
	// langNames name languages (codes) in this language.
	langNames map[string]string

	// restarting asks to ask again after a restart; busy (%d seconds)
	// refuses a question when the chat's queue is full; queuePlace (%d
	// place, %s wait) and queuePlaces (%d questions, then one line each)
	// tell the places in the chat's queue; floodNone and floodSome (%s
	// "3 questions") complete the slow-down notice.
	restarting, busy, queuePlace, queuePlaces, floodNone, floodSome string
	// add are the texts of /add and of the feeds' state.
	add *addTexts
}

// textsFor picks the interface language from a language code (a
// Telegram language_code, an answer's language): "fr", "fr-CA"… get
// French, "de-AT" German; a language without a catalogue gets English.
func textsFor(languageCode string) *texts {
	code := strings.ToLower(languageCode)
	for _, t := range catalogues() {
		if code == t.lang || strings.HasPrefix(code, t.lang+"-") || strings.HasPrefix(code, t.lang+"_") {
			return t
		}
	}
	return &textsEN
}

// hasCatalogue reports whether lang has a catalogue of its own.
func hasCatalogue(lang string) bool {
	for _, t := range catalogues() {
		if t.lang == lang {
			return true
		}
	}
	return false
}

// catalogues are the interface languages, one file each (texts_en.go,
// texts_fr.go, texts_de.go, texts_es.go, texts_ru.go): a language is added
// with its file and a line here.
func catalogues() []*texts { return []*texts{&textsEN, &textsFR, &textsDE, &textsES, &textsRU} }

// langName names a language code in the interface language.
func (t *texts) langName(code string) string {
	if n, ok := t.langNames[code]; ok {
		return n
	}
	return code
}

// slowDownText tells a rate-limited user how long to wait, rounded up to
// the second (to the minute from one minute on).
func (t *texts) slowDownText(wait time.Duration) string {
	secs := max(1, int(math.Ceil(wait.Seconds())))
	if secs < 60 {
		return fmt.Sprintf(t.slowDown, t.count(secs, "second"))
	}
	return fmt.Sprintf(t.slowDown, t.count((secs+59)/60, "minute"))
}

// count writes n with its unit in the form the language takes for n: "1
// article", "42 articles", "0 article" in French, "1 минуту", "2 минуты",
// "5 минут" in Russian.
func (t *texts) count(n int, unit string) string {
	forms, ok := t.units[unit]
	if !ok {
		forms = textsEN.units[unit]
	}
	return fmt.Sprintf(forms[bot.PluralForm(t.lang, n)], n)
}

// articles counts articles: "1 article", "42 articles".
func (t *texts) articles(n int) string { return t.count(n, "article") }

// newsArticles counts the articles of the library: "1 news article",
// "42 articles de presse".
func (t *texts) newsArticles(n int) string { return t.count(n, "newsArticle") }

// passages counts passages: "1 passage", "420 passages".
func (t *texts) passages(n int) string { return t.count(n, "passage") }

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
	if place == 1 {
		return t.queuedFirst
	}
	return fmt.Sprintf(t.queued, place)
}

// ago writes how long ago something happened as a person would: "just
// now", "1 min ago", "3 h ago", "2 days ago"; "à l’instant", "il y a 1
// min", "il y a 3 h", "il y a 2 jours"; "vor 2 Tagen", "hace 2 días",
// "2 дня назад".
func (t *texts) ago(d time.Duration) string {
	var n string
	switch {
	case d < time.Minute:
		return t.justNow
	case d < time.Hour:
		n = t.count(int(d/time.Minute), "minAgo")
	case d < 48*time.Hour:
		n = t.count(int(d/time.Hour), "hourAgo")
	default:
		n = t.count(int(d/(24*time.Hour)), "dayAgo")
	}
	return fmt.Sprintf(t.agoFormat, n)
}
