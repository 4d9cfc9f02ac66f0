package retrieval

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"unicode"

	"verbatim/corpus"
	"verbatim/retrieval/lexical"
)

// EvalQuery is one question of an evaluation set (eval/README.md): the
// answer is a span of the article named by DocID.
type EvalQuery struct {
	ID       string `json:"id"`
	Lang     string `json:"lang"`
	Question string `json:"question"`
	Answer   string `json:"answer"`
	DocID    string `json:"doc_id"`
	// Answerable is false for a question the corpus does not answer
	// (dev/en-unans), whose paragraph is NearDocID's; absent means true.
	Answerable *bool  `json:"answerable,omitempty"`
	NearDocID  string `json:"near_doc_id,omitempty"`
}

// IsAnswerable reports whether q has a gold answer in the corpus.
func (q EvalQuery) IsAnswerable() bool { return q.Answerable == nil || *q.Answerable }

// LoadEvalQueries reads a queries.jsonl file: one EvalQuery per line.
func LoadEvalQueries(path string) ([]EvalQuery, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load eval queries: %w", err)
	}
	defer f.Close()
	var qs []EvalQuery
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for line := 1; sc.Scan(); line++ {
		b := sc.Bytes()
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		var q EvalQuery
		if err := json.Unmarshal(b, &q); err != nil {
			return nil, fmt.Errorf("load eval queries: %s line %d: %w", path, line, err)
		}
		if !q.IsAnswerable() {
			if q.Question == "" || q.NearDocID == "" {
				return nil, fmt.Errorf("load eval queries: %s line %d: an unanswerable question needs question and near_doc_id", path, line)
			}
		} else if q.Question == "" || q.Answer == "" || q.DocID == "" {
			return nil, fmt.Errorf("load eval queries: %s line %d: question, answer and doc_id are required", path, line)
		}
		qs = append(qs, q)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("load eval queries: %s: %w", path, err)
	}
	return qs, nil
}

// Metrics are the retrieval figures of an evaluation run.
type Metrics struct {
	Queries int `json:"queries"`
	// Hits1, Hits5 and Hits10 are the shares of questions with a hit among
	// the first 1, 5 and 10 passages.
	Hits1  float64 `json:"hits@1"`
	Hits5  float64 `json:"hits@5"`
	Hits10 float64 `json:"hits@10"`
	// MRR10 is the mean of 1/rank of the first hit within ten, 0 when none.
	MRR10 float64 `json:"mrr@10"`
	// AvgPassageWords is the mean length in words of the passages returned:
	// figures are only comparable at similar lengths.
	AvgPassageWords float64 `json:"avg_passage_words"`
}

// String formats the metrics as one table row.
func (m Metrics) String() string {
	return fmt.Sprintf("n=%d hits@1=%.3f hits@5=%.3f hits@10=%.3f mrr@10=%.3f words=%.0f",
		m.Queries, m.Hits1, m.Hits5, m.Hits10, m.MRR10, m.AvgPassageWords)
}

// hitKey normalises text for the hit rule: case and accents folded, all
// whitespace removed.
func hitKey(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, lexical.Fold(s))
}

// IsHit reports whether chunk answers q under the rule of eval/README.md:
// it comes from the question's article and contains the answer once case
// and accents are folded and all whitespace is removed.
func IsHit(q EvalQuery, c corpus.Chunk) bool {
	return c.DocID == q.DocID && strings.Contains(hitKey(c.Text), hitKey(q.Answer))
}

// Evaluate runs every query through search (asking for ten passages) and
// scores the results with the hit rule of eval/README.md.
func Evaluate(ctx context.Context, queries []EvalQuery, search func(ctx context.Context, q string, k int) ([]corpus.Chunk, error)) (Metrics, error) {
	m := Metrics{Queries: len(queries)}
	if len(queries) == 0 {
		return m, nil
	}
	var passages, words int
	for _, q := range queries {
		if err := ctx.Err(); err != nil {
			return Metrics{}, fmt.Errorf("evaluate: %w", err)
		}
		chunks, err := search(ctx, q.Question, 10)
		if err != nil {
			return Metrics{}, fmt.Errorf("evaluate %s: %w", q.ID, err)
		}
		answer := hitKey(q.Answer)
		for i, c := range chunks {
			if i >= 10 {
				break
			}
			passages++
			words += len(strings.Fields(c.Text))
		}
		for i, c := range chunks {
			if i >= 10 {
				break
			}
			if c.DocID != q.DocID || !strings.Contains(hitKey(c.Text), answer) {
				continue
			}
			rank := i + 1
			m.MRR10 += 1 / float64(rank)
			if rank <= 1 {
				m.Hits1++
			}
			if rank <= 5 {
				m.Hits5++
			}
			m.Hits10++
			break
		}
	}
	n := float64(len(queries))
	m.Hits1 /= n
	m.Hits5 /= n
	m.Hits10 /= n
	m.MRR10 /= n
	if passages > 0 {
		m.AvgPassageWords = float64(words) / float64(passages)
	}
	return m, nil
}

// baselineWindowWords is the target passage length of the baseline.
const baselineWindowWords = 200

// BaselineSearch returns the reference retriever of eval/README.md, to be
// measured in the same run as the system: a plain BM25 (k1 1.2, b 0.75) over
// ~200-word windows of whole sentences, words lower-cased and accent-folded,
// with neither stemming nor stop words, and no title.
func BaselineSearch(articles []corpus.Article) func(ctx context.Context, q string, k int) ([]corpus.Chunk, error) {
	ix := lexical.NewWithOptions(lexical.Options{
		K1:          1.2,
		B:           0.75,
		TitleWeight: -1,
		Exact:       true,
		Analyzer:    func(_, text string) []string { return lexical.Tokens(text) },
	})
	chunks := make(map[string]corpus.Chunk)
	for _, a := range articles {
		for _, c := range sentenceWindows(a, baselineWindowWords) {
			chunks[c.ID] = c
			ix.Add(lexical.Document{ID: c.ID, Body: c.Text})
		}
	}
	return func(ctx context.Context, q string, k int) ([]corpus.Chunk, error) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		hits := ix.Search(q, k, nil)
		out := make([]corpus.Chunk, len(hits))
		for i, h := range hits {
			out[i] = chunks[h.ID]
		}
		return out, nil
	}
}

// sentenceWindows cuts a's text into consecutive windows of whole sentences
// of about n words: a window closes once it reaches n words, or before a
// sentence that would take it past 1.5n.
func sentenceWindows(a corpus.Article, n int) []corpus.Chunk {
	var out []corpus.Chunk
	start, end, words := -1, 0, 0
	emit := func() {
		if start < 0 {
			return
		}
		i := len(out)
		out = append(out, corpus.Chunk{
			ID: a.ID + "#" + strconv.Itoa(i), DocID: a.ID, Index: i,
			Start: start, End: end, Text: a.Text[start:end],
			Title: a.Title, Date: a.Date, Source: a.Source, URL: a.URL, Lang: a.Lang,
		})
		start, words = -1, 0
	}
	for _, s := range corpus.Sentences(a.Text) {
		w := len(strings.Fields(a.Text[s[0]:s[1]]))
		if start >= 0 && words+w > n+n/2 {
			emit()
		}
		if start < 0 {
			start = s[0]
		}
		end = s[1]
		words += w
		if words >= n {
			emit()
		}
	}
	emit()
	return out
}

// EvalSearch adapts the index to Evaluate: the chunks Search returns for a
// question, with at most maxPerArticle per article (negative: no cap, 0:
// the default cap).
func (ix *Index) EvalSearch(maxPerArticle int) func(ctx context.Context, q string, k int) ([]corpus.Chunk, error) {
	return func(ctx context.Context, q string, k int) ([]corpus.Chunk, error) {
		rs, err := ix.Search(ctx, Query{Text: q, K: k, MaxPerArticle: maxPerArticle})
		if err != nil {
			return nil, err
		}
		out := make([]corpus.Chunk, len(rs))
		for i, r := range rs {
			out[i] = r.Chunk
		}
		return out, nil
	}
}
