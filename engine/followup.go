package engine

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"verbatim/corpus"
	"verbatim/prompts"
	"verbatim/retrieval"
	"verbatim/retrieval/lexical"
)

// Cues of an elliptic question: leading words that continue the previous
// question, and personal pronouns that point back to someone.
var (
	followUpStarts = []string{
		"et ", "mais ", "puis ", "ensuite", "aussi", "pareil", "même question",
		"and ", "but ", "also", "then ", "what about", "how about", "same question",
		"und ", "y ", "и ", "а ",
	}
	// personalPronouns are subject and object pronouns that stand for a
	// person or thing named before.
	personalPronouns = wordSet(`il elle ils elles lui eux
		he she they him her his their them`)
	// vagueObjects stand for what was said before ("Qui a dit ça ?").
	vagueObjects = wordSet("ça ca cela ceci that this it")
)

// Thresholds of the follow-up heuristic, in analysed content terms.
const (
	followUpMaxTermsCue    = 4 // after "et", "and"...: at most this many to continue
	followUpMaxTermsAnaph  = 5 // with a pronoun and no referent, at most this many
	followUpMaxTermsVague  = 2 // with "ça", "that"..., at most this many
	contextTermWeight      = 0.5
	maxContextTermsCarried = 8
)

// followUp says how a question leans on the conversation.
type followUp int

const (
	// standsAlone: the question is answered on its own.
	standsAlone followUp = iota
	// elliptic: it has no topic of its own ("Quand ?") or continues the
	// previous one ("Et Peskov ?"); it always borrows.
	elliptic
	// pronoun: a short question whose personal pronoun nothing in it
	// names; it borrows unless it is answered on its own (see
	// Core.answersAlone).
	pronoun
)

// isFollowUp reports whether a question may lean on the previous one.
func isFollowUp(text, lang string) bool { return followUpOf(text, lang) != standsAlone }

// followUpOf tells whether a question is elliptic. A question that stands
// on its own never is. Elliptic are: a question with no content word of
// its own beyond interrogatives and dates ("Quand ?", "and in 2012?"); a
// short one opening with "et", "and", "what about"... ("Et Peskov ?"). A
// short one with a personal pronoun that nothing before it names ("Qu'a-t-il
// déclaré ensuite ?", "Did he confirm the aid to North Korea?"), or with
// "ça", "that" and at most two content words ("Qui a dit ça ?"), is a
// pronoun follow-up. In a French inversion the pronoun repeats a subject
// introduced by a determiner ("Le club devient-il amateur ?"): that is
// its referent.
func followUpOf(text, lang string) followUp {
	low := strings.ToLower(strings.TrimSpace(text))
	terms := contentTerms(text, lang)
	if len(terms) == 0 {
		return elliptic
	}
	for _, s := range followUpStarts {
		if strings.HasPrefix(low, s) {
			if len(terms) <= followUpMaxTermsCue {
				return elliptic
			}
			return standsAlone
		}
	}
	if len(terms) > followUpMaxTermsAnaph {
		return standsAlone
	}
	named := false // a name or a determined noun before the pronoun is its referent
	prev := ""
	for i, w := range wordsWithHyphen(text) {
		bare := strings.ToLower(w)
		inverted := strings.HasPrefix(bare, "-")
		bare = strings.TrimPrefix(bare, "-")
		if personalPronouns[bare] && !named {
			return pronoun
		}
		if vagueObjects[bare] && !inverted && !named && len(terms) <= followUpMaxTermsVague {
			return pronoun
		}
		r, _ := utf8.DecodeRuneInString(w)
		if i > 0 && unicode.IsUpper(r) && utf8.RuneCountInString(w) > 1 || determiners[prev] && !personalPronouns[bare] {
			named = true
		}
		prev = bare
	}
	return standsAlone
}

// determiners introduce a noun that an inverted pronoun may repeat.
var determiners = wordSet("le la les l un une des du ce cet cette ces son sa ses leur leurs mon ma mes notre nos votre vos the")

// contentTerms returns the analysed terms of text that carry its topic:
// not interrogatives, not date words, not numbers that are years.
func contentTerms(text, lang string) []string {
	var out []string
	for _, t := range unique(lexical.Analyze(lang, text)) {
		if questionWord(t) || isDateWord(t) {
			continue
		}
		out = append(out, t)
	}
	return out
}

// isDateWord reports whether a word alone is a date phrase: a month, a
// year, "hier", "yesterday"...
func isDateWord(w string) bool {
	if _, ok := corpus.ParseMonth(w); ok {
		return true
	}
	if n := numbersIn(w); len(n) == 1 && n[w] {
		return true // a bare number: a year or a day
	}
	_, _, ok := retrieval.ParseDateRange(w, time.Now())
	return ok
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
// Date words are never carried: the date range of an earlier question is
// not inherited. When the new question names someone or something, the
// names of the earlier one are not carried either: "Et Peskov ?" asks
// about Peskov instead of the person asked about before.
func contextWords(prev, text, lang string) []string {
	have := map[string]bool{}
	for _, t := range lexical.Analyze(lang, text) {
		have[t] = true
	}
	replaceNames := len(questionNames(text)) > 0 || startsWithName(text)
	var out []string
	for i, w := range strings.Fields(prev) {
		w = strings.Trim(w, "?!.,;:«»\"“”()[]\u00a0")
		terms := lexical.Analyze(lang, w)
		if len(terms) == 0 || have[terms[0]] || questionWord(terms[0]) || isDateWord(terms[0]) || isDateWord(strings.ToLower(w)) {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(w); replaceNames && i > 0 && unicode.IsUpper(r) {
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

// startsWithName reports whether the first word after a continuation cue
// is capitalised: "et Peskov ?", "What about Peskov?".
func startsWithName(text string) bool {
	words := strings.Fields(text)
	cue := false
	for _, w := range words {
		switch strings.ToLower(w) {
		case "et", "and", "mais", "but", "what", "how", "about", "und", "y", "и", "а":
			cue = true
			continue
		}
		r, _ := utf8.DecodeRuneInString(strings.TrimLeft(w, "«\"“("))
		return cue && unicode.IsUpper(r)
	}
	return false
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
	if len(history) == 0 {
		return text, nil
	}
	switch followUpOf(text, lang) {
	case standsAlone:
		return text, nil
	case pronoun:
		if c.answersAlone(ctx, text, lang, history) {
			return text, nil
		}
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

// answersAlone reports whether a question whose pronoun has no referent
// in it is nevertheless answered on its own: the corpus covers it and the
// passages it finds alone are not from the articles the previous answer
// quoted (then it continues that conversation). A question that happens
// to follow one about another article is not bent towards it.
func (c *Core) answersAlone(ctx context.Context, text, lang string, history []Turn) bool {
	lib := c.Library()
	if lib == nil {
		return false
	}
	found, err := lib.Find(ctx, retrieval.Query{Text: text, K: c.k, Now: c.now()})
	results := found.Results
	if err != nil || len(results) == 0 {
		return false
	}
	prev := map[string]bool{}
	for _, cit := range history[len(history)-1].Answer.Citations {
		prev[cit.DocID] = true
	}
	for _, r := range results {
		if prev[r.Chunk.DocID] {
			return false
		}
	}
	j := c.judge(lib, text, found, nil, nil, lang)
	return c.decide(j).verdict != VerdictNotFound
}

// continuesNotice shows which earlier question a follow-up was read as
// continuing.
func continuesNotice(lang, prev string) string {
	f := frameFor(lang)
	return fmt.Sprintf(f.continues, f.quote(prev))
}

// understoodNotice shows which question a follow-up was taken for.
func understoodNotice(lang, query string) string {
	f := frameFor(lang)
	return fmt.Sprintf(f.understood, f.quote(query))
}
