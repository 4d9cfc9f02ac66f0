package retrieval

import (
	"cmp"
	"container/heap"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"verbatim/corpus"
)

// prefilterIndex assembles an index of n chunks of dims random unit
// dimensions, perArticle per article, one article a month; with inFile its
// vectors are read from a file as in a large opened index.
func prefilterIndex(t testing.TB, n, dims, perArticle int, inFile bool) *Index {
	t.Helper()
	rng := rand.New(rand.NewPCG(uint64(n), uint64(dims)))
	var articles []corpus.Article
	var chunks []corpus.Chunk
	var vectors [][]float32
	for len(chunks) < n {
		ai := len(articles)
		a := rehash(corpus.Article{
			ID: fmt.Sprintf("a%05d", ai), Title: "t", Lang: "en", Text: "x",
			Date: corpus.Date{Time: time.Date(2000+ai/12, time.Month(ai%12+1), 1, 0, 0, 0, 0, time.UTC), Precision: corpus.PrecisionMonth},
		})
		articles = append(articles, a)
		for c := 0; c < perArticle && len(chunks) < n; c++ {
			chunks = append(chunks, corpus.Chunk{ID: fmt.Sprintf("%s#%d", a.ID, c), DocID: a.ID, Index: c, End: 1, Text: "x", Lang: "en", Date: a.Date})
			vectors = append(vectors, randomUnit(rng, dims))
		}
	}
	e := Embedder{Name: "test", Model: "random", Dimensions: dims, Embed: func(ctx context.Context, texts []string) ([][]float32, error) {
		return nil, fmt.Errorf("not used")
	}}
	m := meta{Version: formatVersion, Embedder: e.Name, Model: e.Model, Dimensions: dims, VectorDims: dims}
	ix, err := newIndex(context.Background(), m, e, articles, chunks, vectors)
	if err != nil {
		t.Fatal(err)
	}
	if inFile {
		path := filepath.Join(t.TempDir(), "vectors")
		if err := os.WriteFile(path, floatBytes(ix.store.flat), 0o600); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		ix.store.flat, ix.store.file, ix.vectors = nil, f, nil
	}
	return ix
}

// TestApproximate checks the prefilter against the exact scan when it
// re-scores every chunk in range, and against a plain implementation of
// its definition (the best keep by the byte tables, re-scored) otherwise.
func TestApproximate(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name                string
		n, dims, perArticle int
		depth, keep         int
		everyNth            int // articles in range: every nth (0: all, nil filter)
		inFile              bool
		sparse              int // non-zero query dimensions (0: all)
		wantExact           bool
	}{
		{name: "768 dims, all re-scored", n: 1500, dims: 768, perArticle: 5, depth: 50, keep: 1500, wantExact: true},
		{name: "vectors in file", n: 1500, dims: 768, perArticle: 5, depth: 50, keep: 1500, inFile: true, wantExact: true},
		{name: "10 dims: no 8-byte group", n: 800, dims: 10, perArticle: 3, depth: 20, keep: 800, wantExact: true},
		{name: "37 dims: a group and a tail", n: 800, dims: 37, perArticle: 3, depth: 20, keep: 800, wantExact: true},
		{name: "date filter", n: 1500, dims: 64, perArticle: 4, depth: 30, keep: 1500, everyNth: 3, wantExact: true},
		{name: "depth over the chunks in range", n: 600, dims: 64, perArticle: 4, depth: 100, keep: 600, everyNth: 7, wantExact: true},
		{name: "several blocks", n: 3*scanBlock + 17, dims: 24, perArticle: 6, depth: 40, keep: 30_000, wantExact: true},
		{name: "several blocks, filtered", n: 3*scanBlock + 17, dims: 24, perArticle: 6, depth: 40, keep: 30_000, everyNth: 2, wantExact: true},
		{name: "sparse query", n: 3000, dims: 768, perArticle: 5, depth: 50, keep: 3000, sparse: 30, wantExact: true},
		{name: "sparse query, few re-scored", n: 3*scanBlock + 17, dims: 96, perArticle: 6, depth: 40, keep: 300, sparse: 9},
		{name: "few re-scored, vectors in file", n: 5000, dims: 64, perArticle: 5, depth: 30, keep: 700, inFile: true},
		{name: "few re-scored", n: 3*scanBlock + 17, dims: 96, perArticle: 6, depth: 40, keep: 300},
		{name: "few re-scored, filtered", n: 3*scanBlock + 17, dims: 96, perArticle: 6, depth: 10, keep: 50, everyNth: 5},
		{name: "keep under depth", n: 2000, dims: 32, perArticle: 2, depth: 30, keep: 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := prefilterIndex(t, tt.n, tt.dims, tt.perArticle, tt.inFile)
			all := make([]bool, len(ix.articles))
			var inRange []bool
			for i := range all {
				all[i] = tt.everyNth == 0 || i%tt.everyNth == 0
			}
			if tt.everyNth > 0 {
				inRange = all
			}
			rng := rand.New(rand.NewPCG(1, 2))
			for q := range 3 {
				qv := randomUnit(rng, tt.dims)
				if tt.sparse > 0 {
					qv = sparseUnit(rng, tt.dims, tt.sparse)
				}
				got, err := ix.approximateKeep(ctx, qv, tt.depth, tt.keep, inRange)
				if err != nil {
					t.Fatal(err)
				}
				var want []Ranked
				if tt.wantExact {
					want, err = ix.scan(ctx, qv, tt.depth, all)
				} else {
					want, err = plainApproximate(ix, qv, tt.depth, max(tt.keep, tt.depth), all)
				}
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(want) {
					t.Fatalf("query %d: got %d results, want %d", q, len(got), len(want))
				}
				for i := range want {
					if got[i].ID != want[i].ID || math.Abs(got[i].Score-want[i].Score) > 1e-6 {
						t.Fatalf("query %d: result %d got %s %.6f, want %s %.6f", q, i, got[i].ID, got[i].Score, want[i].ID, want[i].Score)
					}
				}
			}
		})
	}
}

// plainApproximate is the prefilter's definition written plainly: every
// chunk in range scored by the byte tables one byte at a time, the best
// keep (ties to the earlier chunk) scored exactly, the best depth kept.
func plainApproximate(ix *Index, qv []float32, depth, keep int, inRange []bool) ([]Ranked, error) {
	q := newCodeQuery(qv)
	var cs []codeScore
	code := make([]byte, codeBytes(ix.dimension))
	for pos := range ix.chunks {
		if !inRange[ix.chunkArt[pos]] {
			continue
		}
		ix.store.code(pos, code)
		var s float64
		for k, j := range q.active {
			s += float64(q.tables[k][code[j]])
		}
		cs = append(cs, newCodeScore(pos, float32(s)))
	}
	slices.SortFunc(cs, func(a, b codeScore) int { return cmp.Compare(b, a) })
	var ss []sim
	buf := make([]float32, ix.dimension)
	for _, c := range cs[:min(keep, len(cs))] {
		v, err := ix.store.read(int(c.pos()), 1, buf)
		if err != nil {
			return nil, err
		}
		ss = append(ss, sim{pos: c.pos(), score: dot(qv, v)})
	}
	slices.SortFunc(ss, func(a, b sim) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.pos, b.pos)
	})
	var out []Ranked
	for _, s := range ss[:min(depth, len(ss))] {
		out = append(out, Ranked{ID: ix.chunks[s.pos].ID, Score: float64(s.score)})
	}
	return out, nil
}

// TestCodeQueryEstimate checks the estimate of a code against the dot
// product of the query with the levels the code stands for, and that only
// the bytes where the query is not zero are looked up.
func TestCodeQueryEstimate(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	tests := []struct {
		name string
		qv   []float32
		n    int
	}{
		{name: "dense 768", qv: randomUnit(rng, 768), n: 300},
		{name: "dense 1536, blocks", qv: randomUnit(rng, 1536), n: 2*codeBlock + 300},
		{name: "sparse 768", qv: sparseUnit(rng, 768, 40), n: 300},
		{name: "local question, blocks", qv: localVector("Combien de personnes travaillent au ministère des sports", localDefaults), n: 2*codeBlock + 7},
		{name: "one dimension", qv: sparseUnit(rng, 768, 1), n: 300},
		{name: "odd length", qv: randomUnit(rng, 37), n: 300},
		{name: "odd length, sparse", qv: sparseUnit(rng, 37, 2), n: 300},
		{name: "zero", qv: make([]float32, 16), n: 300},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := newCodeQuery(tt.qv)
			for j := range q.nb {
				zero := true
				for _, x := range tt.qv[4*j : min(len(tt.qv), 4*j+4)] {
					zero = zero && x == 0
				}
				if got := slices.Contains(q.active, j); got == zero {
					t.Fatalf("byte %d looked up %v, query coordinates zero %v", j, got, zero)
				}
			}
			n := tt.n
			nb := codeBytes(len(tt.qv))
			codes := make([]byte, n*nb)
			want := make([]float64, n)
			for i := range n {
				signCode(randomUnit(rng, len(tt.qv)), codes[i*nb:(i+1)*nb])
				for d, x := range tt.qv {
					want[i] += float64(x) * float64(codeLevels[codes[i*nb+d>>2]>>(2*(d&3))&3])
				}
			}
			blockCodes(codes, n, nb)
			top := newCodeTop(n)
			// In two ranges, the first ending inside a block.
			scores := make([]float32, codeBlock)
			q.scan(codes, 0, n/2+1, &top, scores)
			q.scan(codes, n/2+1, n, &top, scores)
			if len(top.buf) != n {
				t.Fatalf("kept %d codes, want %d", len(top.buf), n)
			}
			for _, c := range top.buf {
				if got := scoreOf(c); math.Abs(float64(got)-want[c.pos()]) > 1e-5 {
					t.Fatalf("code %d: estimate %.6f, want %.6f", c.pos(), got, want[c.pos()])
				}
			}
		})
	}
}

// scoreOf is the estimate a code score holds.
func scoreOf(c codeScore) float32 {
	b := uint32(c >> 32)
	if b>>31 != 0 {
		return math.Float32frombits(b &^ (1 << 31))
	}
	return math.Float32frombits(^b)
}

func TestOrderedBits(t *testing.T) {
	fs := []float32{float32(math.Inf(-1)), -3.5, -1e-30, 0, 1e-30, 0.25, 7, float32(math.Inf(1))}
	for i := 1; i < len(fs); i++ {
		if a, b := orderedBits(fs[i-1]), orderedBits(fs[i]); a >= b {
			t.Errorf("orderedBits(%g) = %#x, not below orderedBits(%g) = %#x", fs[i-1], a, fs[i], b)
		}
		if got := scoreOf(newCodeScore(5, fs[i])); got != fs[i] {
			t.Errorf("round trip of %g: got %g", fs[i], got)
		}
	}
}

// sparseUnit is a unit vector with k random non-zero dimensions, like the
// local embedder's vector of a short question.
func sparseUnit(rng *rand.Rand, dims, k int) []float32 {
	v := make([]float32, dims)
	for range k {
		v[rng.IntN(dims)] = float32(rng.NormFloat64())
	}
	if _, err := unit(v); err != nil {
		panic(err)
	}
	return v
}

func TestSelectBest(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, size := range []int{0, 1, 2, 3, 10, 100, 5000} {
		for _, scores := range []uint32{3, 1000, 1 << 30} {
			for _, n := range []int{0, 1, size / 3, size - 1, size, size + 1} {
				t.Run(fmt.Sprintf("size=%d scores=%d n=%d", size, scores, n), func(t *testing.T) {
					cs := make([]codeScore, size)
					for i, p := range rng.Perm(size) {
						cs[i] = newCodeScore(p, float32(rng.Uint32N(scores)))
					}
					want := slices.Clone(cs)
					slices.SortFunc(want, func(a, b codeScore) int {
						if c := cmp.Compare(scoreOf(b), scoreOf(a)); c != 0 {
							return c
						}
						return cmp.Compare(a.pos(), b.pos())
					})
					want = want[:max(0, min(n, size))]
					got := slices.Clone(selectBest(cs, n))
					slices.SortFunc(got, func(a, b codeScore) int { return cmp.Compare(b, a) })
					if !slices.Equal(got, want) {
						t.Fatalf("got %v, want %v", got[:min(5, len(got))], want[:min(5, len(want))])
					}
				})
			}
		}
	}
}

// BenchmarkPrefilterScan measures the first pass of the prefilter, every
// code scored and the best kept, on synthetic codes of a million chunks of
// 768 dimensions (the local embedder's), with the setting at that size:
// "shipped" is prefilter.go, "before" the loop of 581bb34 (a code at a
// time, one lookup per byte into one sum, container/heap, each core a
// fixed half keeping half as many; the codes are random, so that it reads
// blocked codes as if they were in chunk order makes no difference). The
// queries are a local-embedder question (sparse) and a dense random
// vector.
//
//	go test ./retrieval -run '^$' -bench BenchmarkPrefilterScan -count 5
func BenchmarkPrefilterScan(b *testing.B) {
	const n, dims = 1_000_000, 768
	nb := codeBytes(dims)
	rng := rand.New(rand.NewPCG(8, 9))
	codes := make([]byte, n*nb)
	for i := range codes {
		codes[i] = byte(rng.Uint32())
	}
	ix := &Index{store: &vectorStore{dims: dims, n: n, codes: codes}}
	keep := prefilterKeep(50, n)
	queries := map[string][]float32{
		"local": localVector("Combien de personnes travaillent au ministère des sports", localDefaults),
		"dense": randomUnit(rng, dims),
	}
	for _, name := range []string{"local", "dense"} {
		qv := queries[name]
		b.Run("query="+name+"/before", func(b *testing.B) {
			cpu := processCPU()
			for b.Loop() {
				if got := prefilterBefore(ix, qv, keep/2); len(got) == 0 {
					b.Fatal("no candidates")
				}
			}
			reportCPU(b, cpu)
		})
		b.Run("query="+name+"/shipped", func(b *testing.B) {
			cpu := processCPU()
			for b.Loop() {
				got, err := ix.prefilter(context.Background(), qv, keep, nil)
				if err != nil || len(got) != keep {
					b.Fatalf("%d candidates, want %d, %v", len(got), keep, err)
				}
			}
			reportCPU(b, cpu)
		})
	}
}

// reportCPU reports the process's CPU time per operation since start.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(processCPU()-start)/float64(b.N)/1e6, "cpu-ms/op")
}

// prefilterBefore is the first pass as it was before prefilter.go's byte
// tables, kept to measure against: the index split in halves by chunk,
// each core keeping its best keep.
func prefilterBefore(ix *Index, qv []float32, keep int) []sim {
	tables := make([][256]float32, codeBytes(len(qv)))
	for j := range tables {
		for b := range 256 {
			var s float32
			for k := range 4 {
				if d := 4*j + k; d < len(qv) {
					s += qv[d] * codeLevels[b>>(2*k)&3]
				}
			}
			tables[j][b] = s
		}
	}
	nb := len(tables)
	workers := runtime.GOMAXPROCS(0)
	parts := make([]simHeap, workers)
	per := (ix.store.n + workers - 1) / workers
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			top := make(simHeap, 0, keep)
			for p := w * per; p < min(ix.store.n, (w+1)*per); p++ {
				pos := int32(p)
				code := ix.store.codes[int(pos)*nb : int(pos+1)*nb]
				var s float32
				for j, b := range code {
					s += tables[j][b]
				}
				if len(top) < keep {
					heap.Push(&top, sim{pos: pos, score: s})
				} else if top.worse(top[0], sim{pos: pos, score: s}) {
					top[0] = sim{pos: pos, score: s}
					heap.Fix(&top, 0)
				}
			}
			parts[w] = top
		}()
	}
	wg.Wait()
	var out []sim
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// TestBlockCodes checks that a blocked code reads back as it was written.
func TestBlockCodes(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 11))
	for _, n := range []int{0, 1, 5, codeBlock, codeBlock + 1, 3*codeBlock - 2} {
		for _, dims := range []int{10, 768} {
			t.Run(fmt.Sprintf("n=%d dims=%d", n, dims), func(t *testing.T) {
				nb := codeBytes(dims)
				want := make([]byte, n*nb)
				for i := range want {
					want[i] = byte(rng.Uint32())
				}
				s := &vectorStore{dims: dims, n: n, codes: slices.Clone(want)}
				blockCodes(s.codes, n, nb)
				got := make([]byte, nb)
				for i := range n {
					if s.code(i, got); !slices.Equal(got, want[i*nb:(i+1)*nb]) {
						t.Fatalf("code %d: got %x, want %x", i, got, want[i*nb:(i+1)*nb])
					}
				}
			})
		}
	}
}

// TestSnapshotCodes checks the codes of an index as built (kept by the
// snapshot writer) and as opened (read from the snapshot) against the
// codes of its vectors.
func TestSnapshotCodes(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	e := NewLocalEmbedder()
	built, _, err := Build(ctx, dir, testCorpus(codeBlock+100), e, BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	opened, err := Open(dir, e)
	if err != nil {
		t.Fatal(err)
	}
	n := len(opened.chunks)
	if n <= codeBlock {
		t.Fatalf("%d chunks, want more than a block of %d", n, codeBlock)
	}
	nb := codeBytes(opened.dimension)
	want, got := make([]byte, nb), make([]byte, nb)
	buf := make([]float32, opened.dimension)
	for i := range n {
		v, err := opened.store.read(i, 1, buf)
		if err != nil {
			t.Fatal(err)
		}
		signCode(v, want)
		for name, ix := range map[string]*Index{"built": built, "opened": opened} {
			if ix.store.code(i, got); !slices.Equal(got, want) {
				t.Fatalf("%s: code %d is %x, want %x", name, i, got, want)
			}
		}
	}
}

// BenchmarkBlockCodes measures what opening an index adds to arrange the
// codes of a million chunks of 768 dimensions in blocks.
//
//	go test ./retrieval -run '^$' -bench BenchmarkBlockCodes
func BenchmarkBlockCodes(b *testing.B) {
	const n, nb = 1_000_000, 192
	codes := make([]byte, n*nb)
	for i := range codes {
		codes[i] = byte(i * 7)
	}
	cpu := processCPU()
	for b.Loop() {
		blockCodes(codes, n, nb)
	}
	reportCPU(b, cpu)
}
