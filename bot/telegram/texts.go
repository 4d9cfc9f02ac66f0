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

	// justNow and agoFormat (%s "3 min") write how long ago (see ago).
	justNow, agoFormat string
	// add are the texts of /add and of the feeds' state.
	add *addTexts
}

// textsFor picks the interface language from a Telegram language_code:
// "fr", "fr-CA"… get French, anything else English.
func textsFor(languageCode string) *texts {
	code := strings.ToLower(languageCode)
	for _, t := range catalogues() {
		if strings.HasPrefix(code, t.lang) {
			return t
		}
	}
	return &textsEN
}

// catalogues are the interface languages, one file each (texts_en.go,
// texts_fr.go): a language is added with its file and a line here.
func catalogues() []*texts { return []*texts{&textsEN, &textsFR} }

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
		return t.justNow
	case d < time.Hour:
		n = fmt.Sprintf("%d min", int(d/time.Minute))
	case d < 48*time.Hour:
		n = fmt.Sprintf("%d h", int(d/time.Hour))
	default:
		n = t.plural(int(d/(24*time.Hour)), "day", "jour")
	}
	return fmt.Sprintf(t.agoFormat, n)
}
