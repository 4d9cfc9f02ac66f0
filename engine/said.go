package engine

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"verbatim/analysis"
	"verbatim/corpus"
	"verbatim/quotes"
	"verbatim/retrieval"
	"verbatim/retrieval/lexical"
)

// saidOpeners are the starts of "what did X say (about Y)" questions by
// language, folded; the name follows them (in English it stands between
// "did" and "say", see saidQuestion).
var saidOpeners = map[string][]string{
	"fr": {"qu'a dit", "qu'a declare", "qu'a affirme", "qu'a annonce", "que dit", "qu'ont dit", "qu'a repondu", "qu'a ajoute"},
	"en": {"what did", "what has", "what does", "what have"},
	"ru": {"что сказал", "что сказала", "что заявил", "что заявила", "что говорил", "что говорила", "что сказали", "что заявили"},
	"de": {"was sagte", "was sagt", "was hat", "was erklarte"},
	"es": {"que dijo", "que ha dicho", "que dice", "que declaro", "que afirmo"},
}

// saidTopicWords introduce the topic of a said-question: "sur", "about"…
var saidTopicWords = map[string]bool{
	"sur": true, "a": true, "au": true, "concernant": true,
	"about": true, "on": true, "regarding": true,
	"о": true, "об": true, "про": true, "насчет": true,
	"uber": true, "zu": true, "zum": true, "zur": true,
	"sobre": true, "acerca": true,
}

// saidQuestion reads a "what did X say (about Y)" question: the name of
// the speaker as asked (capitalised words) and the topic, if any. ok is
// false for any other question.
func saidQuestion(text string) (name, topic string, ok bool) {
	fields := strings.Fields(strings.NewReplacer("’", "'", "¿", "", "?", " ", "!", " ").Replace(text))
	folded := make([]string, len(fields))
	for i, f := range fields {
		folded[i] = analysis.Fold(strings.ToLower(f))
	}
	start := -1
	for _, openers := range saidOpeners {
		for _, o := range openers {
			n := len(strings.Fields(o))
			if len(folded) > n && strings.Join(folded[:n], " ") == o {
				start = max(start, n)
			}
		}
	}
	if start < 0 {
		return "", "", false
	}
	i := start
	var nameWords []string
	for ; i < len(fields); i++ {
		w := strings.Trim(fields[i], ",;:.«»\"'")
		for _, suffix := range []string{"'s", "’s"} {
			w = strings.TrimSuffix(w, suffix)
		}
		r, _ := utf8.DecodeRuneInString(w)
		if w == "" || !unicode.IsUpper(r) {
			break
		}
		nameWords = append(nameWords, w)
	}
	if len(nameWords) == 0 {
		return "", "", false
	}
	rest := folded[i:]
	for j, w := range rest {
		if saidTopicWords[w] {
			topic = strings.Join(fields[i+j+1:], " ")
			break
		}
	}
	return strings.Join(nameWords, " "), strings.TrimSpace(topic), true
}

// saidAnswer answers a "what did X say (about Y)" question from the
// quotations the articles of the passages found attribute to X
// (quotes.Attribute), best ranked article first, at most maxQuotes: the
// answer names the speaker. ok is false when the question is of another
// form or no quotation of X (on Y, when the passages are in the
// question's language) is found; the question is then answered as any.
func saidAnswer(ans Answer, question string, results []retrieval.Result, lib Library) (Answer, bool) {
	name, topic, ok := saidQuestion(question)
	if !ok || lib == nil {
		return ans, false
	}
	var found []said
	seen := map[string]bool{}
	stored, _ := lib.(quotes.Stored) // nil: the library stores no quotations
	for _, r := range results {
		if len(found) == maxQuotes {
			break
		}
		doc := r.Chunk.DocID
		if seen[doc] {
			continue
		}
		seen[doc] = true
		art, ok := lib.Article(doc)
		if !ok {
			continue
		}
		var topicTerms []string
		if topic != "" && (art.Lang == "" || art.Lang == ans.Lang) {
			// Across languages the topic's words cannot be matched; the
			// passages found for the question stand for it.
			topicTerms = lexical.Analyze(art.Lang, topic)
		}
		for _, q := range quotes.Of(stored, art) {
			if len(found) == maxQuotes {
				break
			}
			if !quotes.SpeakerMatches(name, q.Speaker) || !holdsHalf(art, q, topicTerms) {
				continue
			}
			found = append(found, said{q, art, r.Chunk})
		}
	}
	found = append(found, reportedSpeech(name, results, lib, found, maxQuotes-len(found))...)
	if len(found) == 0 {
		return ans, false
	}
	open, close := frameFor(ans.Lang).open, frameFor(ans.Lang).close
	var b strings.Builder
	lastDoc := ""
	for i, f := range found {
		text := f.q.Text(f.art.Text)
		if f.art.ID != lastDoc {
			if i > 0 {
				b.WriteString("\n\n")
			}
			b.WriteString(f.q.Speaker + ", " + lowerFirst(header(f.c, ans.Lang)))
			lastDoc = f.art.ID
		}
		n := i + 1
		b.WriteString("\n" + open + text + close + " [" + strconv.Itoa(n) + "]")
		ans.Citations = append(ans.Citations, Citation{N: n, Quote: text, DocID: f.art.ID, ChunkID: f.c.ID, Title: f.art.Title,
			Date: f.art.Date, URL: f.art.URL, Verified: true, QuoteStart: f.q.Start, QuoteEnd: f.q.End, Speaker: f.q.Speaker, Passage: f.c})
	}
	ans.Text = b.String()
	ans.Verdict = VerdictAnswered
	ans.Found = true
	ans.Reason = "quotations attributed to " + name
	return ans, true
}

// said is a quotation of the speaker asked about, in its article and the
// passage that found it.
type said struct {
	q   quotes.Quote
	art corpus.Article
	c   corpus.Chunk
}

// reportedSpeech returns up to n sentences of the passages results, best
// ranked first, that report the speech of the person name without
// quoting it: sentences whose speech verb has that person for subject
// (quotes.Reported: "Valéry Guérassimov … a annoncé la fin de
// l'opération"), overlapping none of the quotations already found. A
// sentence that only names the person beside someone else's speech verb
// ("« … les propos d'Arnaud Montebourg … » déclare Jean-Philippe Magnen")
// is not theirs.
func reportedSpeech(name string, results []retrieval.Result, lib Library, found []said, n int) []said {
	var out []said
	overlaps := func(doc string, start, end int) bool {
		for _, f := range append(found, out...) {
			if f.art.ID == doc && start < f.q.End && f.q.Start < end {
				return true
			}
		}
		return false
	}
	reported := map[string][]quotes.Quote{}
	for _, r := range results {
		if len(out) >= n {
			break
		}
		c := r.Chunk
		art, ok := lib.Article(c.DocID)
		if !ok {
			continue
		}
		qs, done := reported[art.ID]
		if !done {
			qs = quotes.Reported(art)
			reported[art.ID] = qs
		}
		for _, q := range qs {
			if len(out) >= n {
				break
			}
			if q.Start < c.Start || q.End > c.Start+len(c.Text) || !quotes.SpeakerMatches(name, q.Speaker) || overlaps(art.ID, q.Start, q.End) {
				continue
			}
			out = append(out, said{q: q, art: art, c: c})
		}
	}
	return out
}

// holdsHalf reports whether the sentence around quotation q of art holds
// at least half of terms (all when there are none).
func holdsHalf(art corpus.Article, q quotes.Quote, terms []string) bool {
	if len(terms) == 0 {
		return true
	}
	start, end := q.Start, q.End
	for _, sp := range corpus.Sentences(art.Text) {
		if sp[0] <= q.Start && q.Start < sp[1] {
			start = sp[0]
		}
		if sp[0] < q.End && q.End <= sp[1] {
			end = sp[1]
		}
	}
	have := map[string]bool{}
	for _, t := range lexical.Analyze(art.Lang, art.Text[start:end]) {
		have[t] = true
	}
	n := 0
	for _, t := range terms {
		if have[t] {
			n++
		}
	}
	return 2*n >= len(terms)
}

// lowerFirst lowers the first letter of s: "D'après…" after a name.
func lowerFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[size:]
}
