package pgstore

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pgvector/pgvector-go"

	"verbatim/corpus"
	"verbatim/retrieval"
)

// The PostgreSQL scale benchmark (not in CI): the corpus of
// retrieval/internal/scalegen indexed by the embedded store and by
// PostgreSQL in the same run, then the same questions asked of both.
//
//	go run ./retrieval/internal/scalegen -chunks 100000 -out /tmp/corpus-100k
//	DATABASE_URL=postgres://… go test ./retrieval/pgstore -run '^$' -bench BenchmarkScalePostgres \
//	    -benchtime 1x -timeout 3h -scale.corpus /tmp/corpus-100k
var (
	scaleCorpus    = flag.String("scale.corpus", "", "corpus directory for BenchmarkScalePostgres")
	scaleEval      = flag.String("scale.eval", "../../../shared/eval/dev", "evaluation sets whose fr and en questions are asked")
	scaleQuestions = flag.Int("scale.questions", 200, "questions asked")
)

func BenchmarkScalePostgres(b *testing.B) {
	if *scaleCorpus == "" {
		b.Skip("set -scale.corpus")
	}
	ctx := context.Background()
	s, _ := testStore(b)
	s.bulk = 3 * time.Hour
	res, err := corpus.LoadPath(ctx, *scaleCorpus, corpus.LoadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	e := retrieval.NewLocalEmbedder()
	questions := questionTexts(b, *scaleQuestions)

	for b.Loop() {
		start := time.Now()
		embedded, rep, err := retrieval.Build(ctx, b.TempDir(), res, e, retrieval.BuildOptions{})
		if err != nil {
			b.Fatal(err)
		}
		embeddedBuild := time.Since(start)
		start = time.Now()
		pg, _, err := s.Build(ctx, res, e, BuildOptions{BatchChunks: 5000})
		if err != nil {
			b.Fatal(err)
		}
		pgBuild := time.Since(start)
		// The HNSW build alone: dropped and built again.
		s.exec(b, fmt.Sprintf("DROP INDEX chunks_hnsw_%d", e.Dimensions))
		start = time.Now()
		if err := s.ensureHNSW(ctx, e.Dimensions); err != nil {
			b.Fatal(err)
		}
		hnsw := time.Since(start)
		gen := s.generation(b)
		b.Logf("%d articles, %d chunks of %d dimensions", rep.Articles, rep.Chunks, e.Dimensions)
		b.Logf("build, embedding included: embedded %.1fs, postgres %.1fs (%.0f chunks/s, HNSW %.1fs of it)",
			embeddedBuild.Seconds(), pgBuild.Seconds(), float64(rep.Chunks)/pgBuild.Seconds(), hnsw.Seconds())

		var embSearch, pgSearch, exactQ []time.Duration
		efs := []int{40, 200, 1000}
		hnswQ := make([][]time.Duration, len(efs))
		found := make([]int, len(efs))
		wanted := 0
		for _, q := range questions {
			start := time.Now()
			if _, err := embedded.Search(ctx, retrieval.Query{Text: q}); err != nil {
				b.Fatal(err)
			}
			embSearch = append(embSearch, time.Since(start))
			start = time.Now()
			if _, err := pg.Search(ctx, retrieval.Query{Text: q}); err != nil {
				b.Fatal(err)
			}
			pgSearch = append(pgSearch, time.Since(start))
			vs, err := e.Embed(ctx, []string{q})
			if err != nil {
				b.Fatal(err)
			}
			qv := vs[0]
			start = time.Now()
			want := s.exactTop(b, gen, qv, 50)
			exactQ = append(exactQ, time.Since(start))
			wanted += len(want)
			for i, ef := range efs {
				s.ef = ef
				start = time.Now()
				got, err := s.vectorQuery(gen, e.Dimensions)(ctx, qv, 50)
				if err != nil {
					b.Fatal(err)
				}
				hnswQ[i] = append(hnswQ[i], time.Since(start))
				ids := map[string]bool{}
				for _, r := range got {
					ids[r.ID] = true
				}
				for _, id := range want {
					if ids[id] {
						found[i]++
					}
				}
			}
			s.ef = DefaultEfSearch
		}
		b.Logf("hybrid Search p50/p95 (ef_search %d): embedded %v / %v, postgres %v / %v",
			DefaultEfSearch, pct(embSearch, 50), pct(embSearch, 95), pct(pgSearch, 50), pct(pgSearch, 95))
		b.Logf("vector top 50 in postgres, exact scan p50/p95: %v / %v", pct(exactQ, 50), pct(exactQ, 95))
		for i, ef := range efs {
			b.Logf("vector top 50 in postgres, HNSW ef_search %4d p50/p95: %v / %v, recall of the exact top 50 %.3f",
				ef, pct(hnswQ[i], 50), pct(hnswQ[i], 95), float64(found[i])/float64(wanted))
		}
		b.ReportMetric(float64(found[1])/float64(wanted), "recall@50")
		b.ReportMetric(float64(pct(pgSearch, 50).Microseconds())/1000, "pg-p50-ms")
		b.ReportMetric(float64(pct(embSearch, 50).Microseconds())/1000, "embedded-p50-ms")
	}
}

// exactTop is the exact top n of generation gen by cosine: the cast-free
// ordering does not match the HNSW index, so PostgreSQL scans every vector.
func (s *Store) exactTop(b *testing.B, gen int64, qv []float32, n int) []string {
	rows, err := s.pool.Query(context.Background(), `SELECT id FROM chunks WHERE born <= $2 AND (died IS NULL OR died > $2)
		ORDER BY embedding <=> $1 LIMIT $3`, pgvector.NewVector(qv), gen, n)
	if err != nil {
		b.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		b.Fatal(err)
	}
	return ids
}

func pct(d []time.Duration, p int) time.Duration {
	s := slices.Clone(d)
	slices.SortFunc(s, func(a, b time.Duration) int { return cmp.Compare(a, b) })
	if len(s) == 0 {
		return 0
	}
	return s[min(len(s)-1, len(s)*p/100)].Round(10 * time.Microsecond)
}

// questionTexts reads n questions spread over the fr and en sets.
func questionTexts(b *testing.B, n int) []string {
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
