package telegram

import (
	"strings"

	"verbatim/corpus"
)

// defaultLang is the interface language when nothing tells the reader's.
const defaultLang = "en"

// replyLang is the language the bot speaks to a reader: the question's
// when it can be told (with the conversation's language and then the
// reader's Telegram language as priors, which decide a short question
// such as "¿Y Putin?"), else the conversation's last language, so that
// "ok" or a number keeps a Spanish conversation in Spanish, else the
// reader's Telegram language_code, else English. question is "" for a
// command. Only languages with a catalogue are chosen.
func replyLang(question, convLang, languageCode string) string {
	user := ""
	if code := strings.ToLower(languageCode); len(code) >= 2 {
		user = code[:2]
	}
	var priors []string
	for _, l := range []string{convLang, user} {
		if hasCatalogue(l) {
			priors = append(priors, l)
		}
	}
	if strings.TrimSpace(question) != "" {
		if l := corpus.DetectLangPrior(question, priors); hasCatalogue(l) {
			return l
		}
	}
	if len(priors) > 0 {
		return priors[0]
	}
	return defaultLang
}

// convLang is the language of the conversation's last answer, "" when it
// has none.
func (b *Bot) convLang(chatID int64) string {
	if turn, ok := b.convs.Last(chatKey(chatID)); ok {
		return turn.Answer.Lang
	}
	return ""
}

// answerTexts are the texts an answer is rendered with: those of the
// language the engine answered in, which wrote its frame ("D'après…",
// "Según…"), else the reader's.
func answerTexts(lang string, reader *texts) *texts {
	if hasCatalogue(lang) {
		return textsFor(lang)
	}
	return reader
}
