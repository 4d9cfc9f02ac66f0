package bot

import (
	"context"
	"strings"
	"unicode"

	"verbatim/prompts"
	"verbatim/retrieval/lexical"
)

// Cues of a follow-up question: leading words that continue the previous
// question, and pronouns or demonstratives that point back to it.
var (
	followUpStarts = []string{
		"et ", "mais ", "puis ", "ensuite", "aussi", "et pour", "pareil", "même question",
		"and ", "but ", "also", "then ", "what about", "how about", "same question",
	}
	anaphora = map[string]bool{
		// French
		"il": true, "elle": true, "ils": true, "elles": true, "ça": true, "ca": true, "cela": true,
		"ceci": true, "celui": true, "celle": true, "ceux": true, "celles": true, "lui": true, "leur": true,
		"leurs": true, "cet": true, "cette": true, "ces": true, "là": true, "y": true,
		// English
		"he": true, "she": true, "it": true, "they": true, "them": true, "him": true, "her": true,
		"his": true, "its": true, "their": true, "that": true, "this": true, "those": true, "these": true,
		"there": true,
	}
)

// Thresholds of the follow-up heuristic, in analysed content terms.
const (
	followUpMaxTerms       = 2 // at most this many: too short to stand alone
	followUpMaxTermsAnaph  = 5 // with a pronoun, at most this many
	contextTermWeight      = 0.5
	maxContextTermsCarried = 8
)

// isFollowUp reports whether a question leans on the previous one: it
// starts with "et", "and", "what about"..., or has at most two content
// terms ("quand ?", "et Peskov ?"), or has a pronoun or demonstrative and
// at most five content terms ("when did he say that?").
func isFollowUp(text, lang string) bool {
	low := strings.ToLower(strings.TrimSpace(text))
	for _, s := range followUpStarts {
		if strings.HasPrefix(low, s) {
			return true
		}
	}
	terms := len(unique(lexical.Analyze(lang, text)))
	if terms <= followUpMaxTerms {
		return true
	}
	if terms > followUpMaxTermsAnaph {
		return false
	}
	named := len(questionNames(text)) > 0
	for _, w := range wordsWithHyphen(low) {
		if inverted := strings.HasPrefix(w, "-"); inverted {
			// "a-t-il": an inverted subject pronoun, a follow-up only when
			// the question names no one.
			if !named && anaphora[w[1:]] {
				return true
			}
			continue
		}
		if anaphora[w] {
			return true
		}
	}
	return false
}

// wordsWithHyphen splits lower-case text into words, keeping a leading "-"
// on a word that follows a hyphen ("a-t-il" gives "a", "-t", "-il").
func wordsWithHyphen(text string) []string {
	var out []string
	var b strings.Builder
	hyphen := false
	flush := func() {
		if b.Len() > 0 {
			w := b.String()
			if hyphen {
				w = "-" + w
			}
			out = append(out, w)
			b.Reset()
		}
	}
	for _, r := range text {
		if unicode.IsLetter(r) {
			b.WriteRune(r)
			continue
		}
		flush()
		hyphen = r == '-'
	}
	flush()
	return out
}

// contextWords returns the content words of an earlier question that the
// new one lacks, as written (names keep their capitals), at most a few.
func contextWords(prev, text, lang string) []string {
	have := map[string]bool{}
	for _, t := range lexical.Analyze(lang, text) {
		have[t] = true
	}
	var out []string
	for _, w := range strings.Fields(prev) {
		w = strings.Trim(w, "?!.,;:«»\"“”()[]\u00a0")
		terms := lexical.Analyze(lang, w)
		if len(terms) == 0 || have[terms[0]] || questionWord(terms[0]) {
			continue
		}
		for _, t := range terms {
			have[t] = true
		}
		out = append(out, w)
		if len(out) == maxContextTermsCarried {
			break
		}
	}
	return out
}

// questionWord reports whether an analysed term is an interrogative that
// carries no topic.
func questionWord(t string) bool {
	switch t {
	case "quand", "quel", "quell", "comment", "pourquoi", "combien", "ou", "qui", "que", "quoi",
		"when", "what", "which", "who", "whom", "why", "how", "where":
		return true
	}
	return false
}

// previousQuery is the standalone question of the last turn.
func previousQuery(history []Turn) string {
	if len(history) == 0 {
		return ""
	}
	last := history[len(history)-1]
	if last.Answer.Query != "" {
		return last.Answer.Query
	}
	return last.Question
}

// standalone turns a follow-up question into one that can be searched
// alone. It returns the query and, for the heuristic, the context words
// added (weighted less when scoring sentences). With a model, the model
// rewrites it; offline, or when the model fails, the content words of the
// previous question are appended.
func (c *Core) standalone(ctx context.Context, text, lang string, history []Turn) (query string, context []string) {
	if len(history) == 0 || !isFollowUp(text, lang) {
		return text, nil
	}
	if c.model != nil {
		data := prompts.RewriteData{Question: text, Lang: lang}
		for _, t := range history {
			data.History = append(data.History, prompts.Exchange{Question: t.Question, Answer: t.Answer.Text})
		}
		msgs, err := prompts.Rewrite(data)
		if err == nil {
			var reply string
			reply, err = c.model.Complete(ctx, msgs)
			if q := prompts.ParseRewrite(reply); err == nil && q != "" {
				c.logger.Info("follow-up rewritten by the model", "question", text, "query", q)
				return q, nil
			}
		}
		c.logger.Warn("model rewrite failed, using the heuristic", "err", err)
	}
	words := contextWords(previousQuery(history), text, lang)
	if len(words) == 0 {
		return text, nil
	}
	return text + " " + strings.Join(words, " "), words
}
