package quotes

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"verbatim/analysis"
	"verbatim/corpus"
	"verbatim/retrieval"
)

// Entry is one line of a timeline: the sentence of a dated article that
// best states what happened, Text[Start:End] of the article.
type Entry struct {
	Date  string `json:"date"`
	DocID string `json:"doc_id"`
	Title string `json:"title"`
	Quote string `json:"quote"`
	URL   string `json:"url,omitempty"`
	Start int    `json:"-"`
	End   int    `json:"-"`
	// When is the article's date at its precision.
	When corpus.Date `json:"-"`
	// Lang is the article's language.
	Lang string `json:"-"`
}

// Chronicle is the timeline of a topic: one entry per article, in date
// order, and the span of dates they cover (From and To at the precision
// of the first and last articles; "" when there is no entry).
type Chronicle struct {
	Topic   string  `json:"topic"`
	From    string  `json:"from"`
	To      string  `json:"to"`
	Entries []Entry `json:"entries"`
	// First and Last are the dates of the first and last entries.
	First, Last corpus.Date `json:"-"`
}

// Timeline thresholds.
const (
	// timelinePassages is the number of passages searched for a topic.
	timelinePassages = retrieval.MaxK
	// timelineMinCover is the least share of the topic's words a sentence
	// must hold for its article to be on the timeline.
	timelineMinCover = 0.5
	// timelineMinWords is the least number of words of a sentence stated
	// on a timeline (not a dateline or a heading).
	timelineMinWords = 5
)

// Timeline lays out what the articles of lib say about topic in time: the
// passages found for it (lexical and vector search, a date phrase of the
// topic such as "en novembre" narrowing the articles to its dates,
// relative to now), kept when their article is dated, at most one line
// per article: the sentence of the article holding most of the topic's
// words (the earliest among equals, as news states the event first), and
// only when it holds at least half of them. Entries are in date order,
// then by article id.
func Timeline(ctx context.Context, lib Library, topic string, now time.Time) (Chronicle, error) {
	out := Chronicle{Topic: strings.TrimSpace(topic), Entries: []Entry{}}
	words := topicWords(retrieval.StripDates(topic))
	if len(words) == 0 {
		return out, nil
	}
	res, err := lib.Search(ctx, retrieval.Query{Text: topic, K: timelinePassages, MaxPerArticle: 1, Now: now})
	if err != nil {
		return Chronicle{}, fmt.Errorf("timeline: %w", err)
	}
	seen := map[string]bool{}
	for _, r := range res {
		id := r.Chunk.DocID
		if seen[id] {
			continue
		}
		seen[id] = true
		art, ok := lib.Article(id)
		if !ok || art.Date.IsZero() {
			continue
		}
		lo, hi, ok := bestSentence(art, words)
		if !ok {
			continue
		}
		out.Entries = append(out.Entries, Entry{
			Date: art.Date.String(), DocID: art.ID, Title: art.Title, Quote: art.Text[lo:hi], URL: art.URL,
			Start: lo, End: hi, When: art.Date, Lang: art.Lang,
		})
	}
	sort.SliceStable(out.Entries, func(i, j int) bool {
		a, b := out.Entries[i], out.Entries[j]
		if !a.When.Time.Equal(b.When.Time) {
			return a.When.Time.Before(b.When.Time)
		}
		return a.DocID < b.DocID
	})
	if n := len(out.Entries); n > 0 {
		out.First, out.Last = out.Entries[0].When, out.Entries[n-1].When
		out.From, out.To = out.First.String(), out.Last.String()
	}
	return out, nil
}

// topicWords returns the words of a topic that count (no stop word, no
// number), each as the raw word.
func topicWords(topic string) []string {
	var out []string
	for _, w := range strings.Fields(topic) {
		bare := bareWord(w)
		if bare == "" || analysis.HasDigit(bare) {
			continue
		}
		out = append(out, bare)
	}
	return out
}

// bestSentence returns the sentence of a that holds the most words of
// the topic (see aboutTopic for how a word is held), the earliest among
// equals; ok is false when none holds at least timelineMinCover of them.
func bestSentence(a corpus.Article, words []string) (lo, hi int, ok bool) {
	want := make([][]string, 0, len(words))
	for _, w := range words {
		if t := analysis.Analyze(a.Lang, w); len(t) > 0 {
			want = append(want, t)
		}
	}
	if len(want) == 0 {
		return 0, 0, false
	}
	best := 0
	for _, s := range analysis.Sentences(a.Text) {
		text := a.Text[s[0]:s[1]]
		if len(strings.Fields(text)) < timelineMinWords {
			continue
		}
		have := map[string]bool{}
		for _, t := range analysis.Analyze(a.Lang, text) {
			have[t] = true
		}
		n := 0
		for _, terms := range want {
			for _, t := range terms {
				if have[t] {
					n++
					break
				}
			}
		}
		if n > best {
			best, lo, hi = n, s[0], s[1]
		}
	}
	if best == 0 || float64(best) < timelineMinCover*float64(len(want)) {
		return 0, 0, false
	}
	lo, hi = analysis.TrimSpan(a.Text, lo, hi)
	return lo, hi, hi > lo
}

// Span states the dates a timeline covers for readers of lang: "3 mai –
// 28 octobre 2012", the year written once when both dates share it; one
// date when the timeline has one; "" when it is empty.
func (c Chronicle) Span(lang string) string {
	if len(c.Entries) == 0 {
		return ""
	}
	from, to := c.First.Display(lang), c.Last.Display(lang)
	if from == to {
		return from
	}
	y := fmt.Sprint(c.First.Time.Year())
	if c.First.Time.Year() != c.Last.Time.Year() || c.First.Precision == corpus.PrecisionYear || !strings.HasSuffix(from, " "+y) || !strings.HasSuffix(to, " "+y) {
		return from + " – " + to
	}
	if c.First.Time.Month() == c.Last.Time.Month() && c.First.Precision >= corpus.PrecisionDay && c.Last.Precision >= corpus.PrecisionDay {
		// One month written once: "10 – 12 novembre 2012", "10. – 12.
		// November 2012", "10 – 12 de noviembre de 2012", "November 10 –
		// 12, 2012".
		fw, tw := strings.Fields(from), strings.Fields(to)
		if len(fw) == len(tw) && len(fw) > 1 && slices.Equal(fw[1:], tw[1:]) {
			return fw[0] + " – " + to
		}
		if len(fw) > 1 && len(tw) > 1 && fw[0] == tw[0] {
			return strings.TrimSuffix(strings.TrimSuffix(from, " "+y), ",") + " – " + strings.Join(tw[1:], " ")
		}
	}
	// One year written once: "3 mai – 28 octobre 2012", "3 de mayo – 28
	// de octubre de 2012".
	from = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(from, " "+y), ","), " de")
	return from + " – " + to
}
