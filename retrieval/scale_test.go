package retrieval

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// The scale benchmark (retrieval/internal/scalegen/bench.sh builds the
// indexes) measures queries on an index built by the CLI:
//
//	go test ./retrieval -run '^$' -bench BenchmarkScaleQuery -benchtime 1x \
//	    -scale.index /tmp/ix-1m -scale.questions 200
var (
	scaleIndex     = flag.String("scale.index", "", "index directory for BenchmarkScaleQuery")
	scaleEval      = flag.String("scale.eval", "../../shared/eval/dev", "evaluation sets whose fr and en questions are asked")
	scaleQuestions = flag.Int("scale.questions", 200, "questions asked (spread over the fr and en sets)")
	scaleKeep      = flag.Int("scale.keep", 0, "chunks re-scored exactly (0: the shipped setting)")
)

// scaleQuestionTexts reads n questions spread evenly over the fr and en
// evaluation sets.
func scaleQuestionTexts(b *testing.B, n int) []string {
	var all []string
	for _, lang := range []string{"fr", "en"} {
		f, err := os.Open(filepath.Join(*scaleEval, lang, "queries.jsonl"))
		if err != nil {
			b.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var q struct{ Question string }
			if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
				b.Fatal(err)
			}
			all = append(all, q.Question)
		}
		f.Close()
	}
	step := max(1, len(all)/n)
	var out []string
	for i := 0; i < len(all) && len(out) < n; i += step {
		out = append(out, all[i])
	}
	return out
}

// BenchmarkScaleQuery reports, on the index of -scale.index, the p50 and
// p95 latency of a whole Search (hybrid, approximate vector half), of the
// vector half alone approximate and exact (a scan of every vector), and
// the recall of the exact top 50 by the approximate one; and the mean CPU
// time (all cores) of a Search and of the approximate vector half, which
// other work on the machine changes less than latency.
func BenchmarkScaleQuery(b *testing.B) {
	if *scaleIndex == "" {
		b.Skip("set -scale.index")
	}
	ctx := context.Background()
	ix, err := Open(*scaleIndex, NewLocalEmbedder())
	if err != nil {
		b.Fatal(err)
	}
	questions := scaleQuestionTexts(b, *scaleQuestions)
	all := make([]bool, len(ix.articles))
	for i := range all {
		all[i] = true
	}
	const depth = 50
	var search, approx, exact []time.Duration
	var searchCPU, approxCPU time.Duration
	var found, wanted int
	for b.Loop() {
		for _, q := range questions {
			start, cpu := time.Now(), processCPU()
			if _, err := ix.Search(ctx, Query{Text: q}); err != nil {
				b.Fatal(err)
			}
			search = append(search, time.Since(start))
			searchCPU += processCPU() - cpu
			qv, err := ix.embedQuery(ctx, q)
			if err != nil {
				b.Fatal(err)
			}
			start, cpu = time.Now(), processCPU()
			keep := prefilterKeep(depth, len(ix.chunks))
			if *scaleKeep > 0 {
				keep = *scaleKeep
			}
			got, err := ix.approximateKeep(ctx, qv, depth, keep, nil)
			if err != nil {
				b.Fatal(err)
			}
			approx = append(approx, time.Since(start))
			approxCPU += processCPU() - cpu
			start = time.Now()
			want, err := ix.scan(ctx, qv, depth, all)
			if err != nil {
				b.Fatal(err)
			}
			exact = append(exact, time.Since(start))
			ids := map[string]bool{}
			for _, r := range got {
				ids[r.ID] = true
			}
			for _, r := range want {
				if ids[r.ID] {
					found++
				}
			}
			wanted += len(want)
		}
	}
	b.ReportMetric(float64(len(ix.chunks)), "chunks")
	b.ReportMetric(percentileMS(search, 50), "search-p50-ms")
	b.ReportMetric(percentileMS(search, 95), "search-p95-ms")
	b.ReportMetric(float64(searchCPU.Microseconds())/1000/float64(len(search)), "search-cpu-ms")
	b.ReportMetric(percentileMS(approx, 50), "approx-p50-ms")
	b.ReportMetric(percentileMS(approx, 95), "approx-p95-ms")
	b.ReportMetric(float64(approxCPU.Microseconds())/1000/float64(len(approx)), "approx-cpu-ms")
	b.ReportMetric(percentileMS(exact, 50), "exact-p50-ms")
	b.ReportMetric(percentileMS(exact, 95), "exact-p95-ms")
	b.ReportMetric(float64(found)/float64(max(wanted, 1)), "recall@50")
}

func percentileMS(ds []time.Duration, p int) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return float64(s[min(len(s)-1, len(s)*p/100)].Microseconds()) / 1000
}
