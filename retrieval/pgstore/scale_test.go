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
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"verbatim/corpus"
	"verbatim/retrieval"
)

// The PostgreSQL scale benchmark (not in CI): the corpus of
// retrieval/internal/scalegen in the embedded store and in PostgreSQL,
// the same questions asked of both. Either both are built here from
// -scale.corpus (into a throwaway schema):
//
//	go run ./retrieval/internal/scalegen -chunks 100000 -out /tmp/corpus-100k
//	DATABASE_URL=postgres://… go test ./retrieval/pgstore -run '^$' -bench BenchmarkScalePostgres \
//	    -benchtime 1x -timeout 3h -scale.corpus /tmp/corpus-100k
//
// or both were built beforehand by "verbatim index" (timed apart, see
// retrieval/internal/scalegen/pgbench.sh) and are opened: DATABASE_URL
// the database whose current generation is read (its public schema),
// -scale.index the embedded index directory (unless -scale.pgonly),
// -scale.hnsw to (re)build its HNSW index, timed, once the replica's
// figures are taken. Figures are printed as they come.
var (
	scaleCorpus    = flag.String("scale.corpus", "", "corpus directory for BenchmarkScalePostgres (both stores built)")
	scaleIndex     = flag.String("scale.index", "", "embedded index directory for BenchmarkScalePostgres (both stores opened)")
	scaleHNSW      = flag.Bool("scale.hnsw", false, "with a database already indexed: drop and rebuild the HNSW index, timed")
	scalePGOnly    = flag.Bool("scale.pgonly", false, "with a database already indexed: no embedded index (-scale.index) measured")
	scaleMWM       = flag.String("scale.mwm", "2GB", "maintenance_work_mem of the HNSW build")
	scaleTogether  = flag.Bool("scale.together", false, "both stores in memory at once, their questions interleaved (the same load on both)")
	scaleEval      = flag.String("scale.eval", "../../../shared/eval/dev", "evaluation sets whose fr and en questions are asked")
	scaleQuestions = flag.Int("scale.questions", 200, "questions asked")
	scaleEf        = flag.String("scale.ef", "40,200,1000", "hnsw.ef_search values measured")
)

func BenchmarkScalePostgres(b *testing.B) {
	opened := *scaleIndex != "" || *scalePGOnly
	if (*scaleCorpus == "") == !opened {
		b.Skip("set -scale.corpus, or -scale.index or -scale.pgonly")
	}
	ctx := context.Background()
	e := retrieval.NewLocalEmbedder()
	questions := questionTexts(b, *scaleQuestions)
	var efs []int
	for _, f := range splitComma(*scaleEf) {
		var ef int
		if _, err := fmt.Sscan(f, &ef); err != nil || ef <= 0 {
			b.Fatalf("-scale.ef: %q is not a positive number", f)
		}
		efs = append(efs, ef)
	}

	for b.Loop() {
		var s *Store
		var embedded *retrieval.Index
		if *scaleCorpus != "" {
			s, _ = testStore(b)
			s.bulk = 3 * time.Hour
			s.mwm = *scaleMWM
			res, err := corpus.LoadPath(ctx, *scaleCorpus, corpus.LoadOptions{})
			if err != nil {
				b.Fatal(err)
			}
			start := time.Now()
			ix, rep, err := retrieval.Build(ctx, b.TempDir(), res, e, retrieval.BuildOptions{})
			if err != nil {
				b.Fatal(err)
			}
			embedded = ix
			embeddedBuild := time.Since(start)
			start = time.Now()
			if _, _, err := s.Build(ctx, res, e, BuildOptions{BatchChunks: 5000}); err != nil {
				b.Fatal(err)
			}
			pgBuild := time.Since(start)
			say(b, "%d articles, %d chunks of %d dimensions", rep.Articles, rep.Chunks, e.Dimensions)
			hnsw := s.rebuildHNSW(b, e.Dimensions)
			say(b, "build, embedding included: embedded %.1fs, postgres %.1fs with the HNSW index (%.0f chunks/s); HNSW index alone, rebuilt: %.1fs",
				embeddedBuild.Seconds(), pgBuild.Seconds(), float64(rep.Chunks)/pgBuild.Seconds(), hnsw.Seconds())
		} else {
			url := os.Getenv("DATABASE_URL")
			if url == "" {
				b.Skip("DATABASE_URL unset")
			}
			var err error
			if s, err = Connect(ctx, Config{URL: url, QueryTimeout: time.Minute, BulkTimeout: 4 * time.Hour, MaintenanceWorkMem: *scaleMWM}); err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			s.logBuild(b)
			if !*scalePGOnly {
				if embedded, err = retrieval.Open(*scaleIndex, e); err != nil {
					b.Fatal(err)
				}
			}
		}
		s.logSizes(b, e.Dimensions)

		// The embedded store first, then the PostgreSQL replica's index,
		// one in memory at a time.
		var exact [][]retrieval.Ranked
		var embSearch []time.Duration
		if embedded != nil && *scaleTogether {
			pg, _, err := s.Open(ctx, e)
			if err != nil {
				b.Fatal(err)
			}
			exact = exactTops(b, pg, questions)
			var embVec, pgSearch, pgVec []time.Duration
			var embFound, pgFound, wanted int
			for i, q := range questions {
				for _, ix := range []*retrieval.Index{embedded, pg} {
					search, vector, found := measureOne(b, ix, q, exact[i])
					if ix == embedded {
						embSearch, embVec, embFound = append(embSearch, search), append(embVec, vector), embFound+found
					} else {
						pgSearch, pgVec, pgFound = append(pgSearch, search), append(pgVec, vector), pgFound+found
					}
				}
				wanted += len(exact[i])
			}
			say(b, "interleaved, embedded: hybrid Search p50/p95 %v / %v; vector top 50 p50/p95 %v / %v, recall of the exact top 50 %.3f",
				pct(embSearch, 50), pct(embSearch, 95), pct(embVec, 50), pct(embVec, 95), float64(embFound)/float64(max(wanted, 1)))
			say(b, "interleaved, postgres: hybrid Search p50/p95 %v / %v; vector top 50 p50/p95 %v / %v, recall of the exact top 50 %.3f",
				pct(pgSearch, 50), pct(pgSearch, 95), pct(pgVec, 50), pct(pgVec, 95), float64(pgFound)/float64(max(wanted, 1)))
			embedded = nil
		}
		if embedded != nil {
			exact = exactTops(b, embedded, questions)
			var embVec []time.Duration
			var embRecall float64
			embSearch, embVec, embRecall = measureIndex(b, embedded, questions, exact)
			say(b, "embedded: hybrid Search p50/p95 %v / %v; vector top 50 p50/p95 %v / %v, recall of the exact top 50 %.3f",
				pct(embSearch, 50), pct(embSearch, 95), pct(embVec, 50), pct(embVec, 95), embRecall)
			embedded = nil
			runtime.GC()
		}

		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		pg, gen, err := s.Open(ctx, e)
		if err != nil {
			b.Fatal(err)
		}
		loaded := time.Since(start)
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		say(b, "postgres: generation %d loaded by a replica in %.1fs, heap %d MiB", gen, loaded.Seconds(),
			(int64(after.HeapAlloc)-int64(before.HeapAlloc))>>20)
		if exact == nil {
			exact = exactTops(b, pg, questions)
		}
		pgSearch, pgVec, pgRecall := measureIndex(b, pg, questions, exact)
		say(b, "postgres (vectors searched by the replica, the default): hybrid Search p50/p95 %v / %v; vector top 50 p50/p95 %v / %v, recall of the exact top 50 %.3f",
			pct(pgSearch, 50), pct(pgSearch, 95), pct(pgVec, 50), pct(pgVec, 95), pgRecall)
		b.ReportMetric(pgRecall, "recall@50")
		b.ReportMetric(float64(pct(pgSearch, 50).Microseconds())/1000, "pg-p50-ms")
		if embSearch != nil {
			b.ReportMetric(float64(pct(embSearch, 50).Microseconds())/1000, "embedded-p50-ms")
		}
		pg = nil
		runtime.GC()
		if opened && *scaleHNSW {
			hnsw := s.rebuildHNSW(b, e.Dimensions)
			say(b, "HNSW index built in %.1fs (maintenance_work_mem %s)", hnsw.Seconds(), s.mwm)
			s.logSizes(b, e.Dimensions)
		}

		// pgvector's HNSW index (Config.EfSearch), the vector half alone
		// and the whole hybrid search through it.
		for _, ef := range efs {
			var lat []time.Duration
			found, wanted := 0, 0
			query := s.vectorQuery(gen, e.Dimensions, ef)
			for i, q := range questions {
				vs, err := e.Embed(ctx, []string{q})
				if err != nil {
					b.Fatal(err)
				}
				start := time.Now()
				got, err := query(ctx, vs[0], 50)
				if err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(start))
				f, w := overlap(got, exact[i])
				found += f
				wanted += w
			}
			say(b, "postgres HNSW, ef_search %4d: vector top 50 p50/p95 %v / %v, recall of the exact top 50 %.3f",
				ef, pct(lat, 50), pct(lat, 95), float64(found)/float64(max(wanted, 1)))
		}
	}
}

// exactTops returns the exact vector top 50 of each question in ix.
func exactTops(b *testing.B, ix *retrieval.Index, questions []string) [][]retrieval.Ranked {
	exact := make([][]retrieval.Ranked, len(questions))
	var lat []time.Duration
	for i, q := range questions {
		start := time.Now()
		want, err := ix.VectorTop(context.Background(), q, 50, true)
		if err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
		exact[i] = want
	}
	say(b, "exact vector top 50 (every vector compared, in process) p50/p95: %v / %v", pct(lat, 50), pct(lat, 95))
	return exact
}

// say prints a figure at once (a long run may be stopped midway) and
// logs it with the benchmark.
func say(b *testing.B, format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s  "+format+"\n", append([]any{time.Now().UTC().Format("15:04:05")}, args...)...)
	b.Logf(format, args...)
}

// measureIndex times ix's hybrid Search and vector top 50 on questions
// and returns the recall of the exact top 50 lists.
func measureIndex(b *testing.B, ix *retrieval.Index, questions []string, exact [][]retrieval.Ranked) (search, vector []time.Duration, recall float64) {
	found, wanted := 0, 0
	for i, q := range questions {
		s, v, f := measureOne(b, ix, q, exact[i])
		search, vector = append(search, s), append(vector, v)
		found += f
		wanted += len(exact[i])
	}
	return search, vector, float64(found) / float64(max(wanted, 1))
}

// measureOne times ix's hybrid Search and vector top 50 on question q and
// counts the exact top 50 found.
func measureOne(b *testing.B, ix *retrieval.Index, q string, exact []retrieval.Ranked) (search, vector time.Duration, found int) {
	ctx := context.Background()
	start := time.Now()
	if _, err := ix.Search(ctx, retrieval.Query{Text: q}); err != nil {
		b.Fatal(err)
	}
	search = time.Since(start)
	start = time.Now()
	got, err := ix.VectorTop(ctx, q, 50, false)
	if err != nil {
		b.Fatal(err)
	}
	vector = time.Since(start)
	found, _ = overlap(got, exact)
	return search, vector, found
}

// overlap counts the ids of want found in got.
func overlap(got, want []retrieval.Ranked) (found, wanted int) {
	ids := make(map[string]bool, len(got))
	for _, r := range got {
		ids[r.ID] = true
	}
	for _, r := range want {
		if ids[r.ID] {
			found++
		}
	}
	return found, len(want)
}

// rebuildHNSW drops the HNSW index of dims dimensions if it exists and
// builds it again, with the store's maintenance_work_mem.
func (s *Store) rebuildHNSW(b *testing.B, dims int) time.Duration {
	var schema string
	if err := s.pool.QueryRow(context.Background(), "SELECT current_schema()").Scan(&schema); err != nil {
		b.Fatal(err)
	}
	s.exec(b, fmt.Sprintf("DROP INDEX IF EXISTS %s", pgx.Identifier{schema, fmt.Sprintf("chunks_hnsw_%d", dims)}.Sanitize()))
	start := time.Now()
	if err := s.ensureHNSW(context.Background(), dims); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

// logBuild logs how long the current generation took from its start to
// its publication, and its chunks.
func (s *Store) logBuild(b *testing.B) {
	var chunks int
	var secs float64
	err := s.pool.QueryRow(context.Background(), `SELECT g.chunks, extract(epoch FROM g.finished_at - g.started_at)
		FROM current_generation c JOIN generations g ON g.id = c.generation`).Scan(&chunks, &secs)
	if err != nil {
		b.Fatal(err)
	}
	say(b, "current generation: %d chunks, built in %.1fs (%.0f chunks/s)", chunks, secs, float64(chunks)/secs)
}

// logSizes logs the database's size and its chunks table's and HNSW
// index's.
func (s *Store) logSizes(b *testing.B, dims int) {
	var db, table, hnsw int64
	err := s.pool.QueryRow(context.Background(), `SELECT pg_database_size(current_database()),
		pg_total_relation_size('chunks') + pg_total_relation_size('articles'),
		coalesce(pg_relation_size(to_regclass(format('%I.%I', current_schema(), $1::text))), 0)`, fmt.Sprintf("chunks_hnsw_%d", dims)).Scan(&db, &table, &hnsw)
	if err != nil {
		b.Fatal(err)
	}
	say(b, "database %d MiB: articles and chunks with their indexes %d MiB, of which the HNSW index %d MiB", db>>20, table>>20, hnsw>>20)
}

func pct(d []time.Duration, p int) time.Duration {
	s := slices.Clone(d)
	slices.SortFunc(s, func(a, b time.Duration) int { return cmp.Compare(a, b) })
	if len(s) == 0 {
		return 0
	}
	return s[min(len(s)-1, len(s)*p/100)].Round(10 * time.Microsecond)
}

func splitComma(s string) []string {
	var out []string
	for f := range strings.SplitSeq(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
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
