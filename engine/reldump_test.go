package engine

import (
	"context"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"verbatim/analysis"
	"verbatim/corpus"
	"verbatim/retrieval"
	"verbatim/retrieval/lexical"
)

var relDumpFlag = flag.String("eval.reldump", "", "with -eval: file TestRelevanceDump writes one JSON line per question to")

// TestRelevanceDump writes, for the questions of the relevance runs, the
// terms the relevance weighs and which passages hold them, to study the
// gate offline. It asserts nothing.
func TestRelevanceDump(t *testing.T) {
	shared := sharedDir(t)
	if *relDumpFlag == "" {
		t.Skip("relevance dump: run with -eval -eval.reldump=FILE")
	}
	ctx := context.Background()
	out, err := os.Create(*relDumpFlag)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	enc := json.NewEncoder(out)
	dev := filepath.Join(shared, "eval", "dev")
	corpora := map[string]string{"wikinews": filepath.Join(shared, "corpus", "wikinews-fr-2012", "corpus.jsonl")}
	for _, s := range []string{"fr", "en", "xq-de", "xq-ru", "xq-es"} {
		corpora[s] = filepath.Join(dev, s, "corpus.jsonl")
	}
	indexes := map[string]*retrieval.Index{}
	for name, path := range corpora {
		indexes[name], _ = buildIndex(t, path)
	}
	runs := []struct{ questions, corpus string }{
		{"fr", "fr"}, {"fr", "wikinews"}, {"en", "en"}, {"en", "wikinews"}, {"fr", "en"}, {"en", "fr"},
		{"xq-de", "xq-de"}, {"xq-ru", "xq-ru"}, {"xq-es", "xq-es"},
	}
	type term struct {
		T   string  `json:"t"`
		W   float64 `json:"w"`
		IDF float64 `json:"idf"`
		Rar float64 `json:"rar"`
		Cap bool    `json:"cap"`
		Raw string  `json:"raw"`
	}
	type passage struct {
		Lang string `json:"lang"`
		Hits []int  `json:"hits"`
		// Loose and Near index the terms the passage holds only
		// loosely (looseMatch) or as a near spelling (nearName).
		Loose []int `json:"loose"`
		Near  []int `json:"near"`
	}
	type sent struct {
		Rank int   `json:"r"`
		Hits []int `json:"hits"`
	}
	type record struct {
		Run      string    `json:"run"`
		I        int       `json:"i"`
		Q        string    `json:"q"`
		Corr     string    `json:"corr"`
		Lang     string    `json:"lang"`
		Thr      float64   `json:"thr"`
		Rel      float64   `json:"rel"`
		Gold     bool      `json:"gold"`
		Found    bool      `json:"found"`
		MaxRar   float64   `json:"maxrar"`
		Terms    []term    `json:"terms"`
		Passages []passage `json:"passages"`
		Sents    []sent    `json:"sents"`
	}
	for _, r := range runs {
		ix := indexes[r.corpus]
		qs := loadQueries(t, filepath.Join(dev, r.questions))
		if len(qs) > 600 {
			qs = sample(qs, 600)
		}
		core := NewCore(ix, Config{})
		open := NewCore(ix, Config{MinRelevance: -1})
		for i, q := range qs {
			lang := questionLang(q.Question, nil, corpusLangs(ix))
			results, _, err := core.search(ctx, ix, retrieval.Query{Text: q.Question, Lang: lang, K: core.k, Now: core.now()})
			if err != nil {
				t.Fatal(err)
			}
			ex := extract(q.Question, nil, lang, results, ix)
			rec := record{Run: r.questions + "@" + r.corpus, I: i, Q: q.Question, Lang: lang, Rel: ex.relevance, Thr: core.minRelevance(lang, results, false)}
			if r.questions == r.corpus {
				a, err := open.Ask(ctx, Question{Text: q.Question})
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range a.Citations {
					rec.Gold = rec.Gold || retrieval.IsHit(q, corpus.Chunk{DocID: c.DocID, Text: c.Quote})
				}
				b, err := core.Ask(ctx, Question{Text: q.Question})
				if err != nil {
					t.Fatal(err)
				}
				rec.Found = b.Found
			}
			if len(results) > 0 {
				l := results[0].Chunk.Lang
				if l == "" {
					l = lang
				}
				rec.Corr, _ = correctSpelling(dropChitChat(q.Question), lang, results)
				df := map[string]int{}
				for _, s := range ex.sentences {
					for t := range s.terms {
						df[t]++
					}
				}
				n := float64(len(ex.sentences))
				rar := ix.Rarity(l, rec.Corr)
				const absent = "qqxzqqxzqq" // a term no passage holds: the largest rarity
				rec.MaxRar = ix.Rarity(l, absent)[absent]
				seen := map[string]int{}
				for _, tm := range lexical.Analyze(l, rec.Corr) {
					if _, ok := seen[tm]; ok {
						continue
					}
					seen[tm] = len(rec.Terms)
					rec.Terms = append(rec.Terms, term{T: tm, W: 1, IDF: math.Log((n + 1) / (float64(df[tm]) + unseenTermCount)), Rar: rar[tm]})
				}
				for wi, w := range strings.Fields(rec.Corr) {
					w = analysis.BareWord(w)
					r0, _ := utf8.DecodeRuneInString(w)
					for _, tm := range lexical.Analyze(l, w) {
						if k, ok := seen[tm]; ok {
							rec.Terms[k].Cap = rec.Terms[k].Cap || wi > 0 && unicode.IsUpper(r0)
							if rec.Terms[k].Raw == "" {
								rec.Terms[k].Raw = w
							}
						}
					}
				}
				for _, s := range ex.sentences {
					st := sent{Rank: s.rank}
					for k, tm := range rec.Terms {
						if s.terms[tm.T] {
							st.Hits = append(st.Hits, k)
						}
					}
					rec.Sents = append(rec.Sents, st)
				}
				for _, res := range results {
					pl := res.Chunk.Lang
					if pl == "" {
						pl = lang
					}
					p := passage{Lang: pl}
					have := map[string]bool{}
					for _, tm := range lexical.Analyze(pl, res.Chunk.Title+"\n"+res.Chunk.Text) {
						have[tm] = true
					}
					for k, tm := range rec.Terms {
						if have[tm.T] {
							p.Hits = append(p.Hits, k)
							continue
						}
						if looseMatch(tm.T, have) {
							p.Loose = append(p.Loose, k)
						}
						if nearName(lexical.Fold(tm.Raw), wordSet(strings.Join(lexical.Tokens(res.Chunk.Title+"\n"+res.Chunk.Text), " "))) {
							p.Near = append(p.Near, k)
						}
					}
					rec.Passages = append(rec.Passages, p)
				}
			}
			if err := enc.Encode(rec); err != nil {
				t.Fatal(err)
			}
		}
	}
}
