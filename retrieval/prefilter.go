package retrieval

import (
	"context"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// Approximate vector search. Above approxMinChunks chunks a query does not
// compare its vector with every chunk vector. Each chunk keeps a code of 2
// bits per dimension, the quartile of the coordinate (see signCode: 192
// bytes for 768 dimensions, 1/16 of the vector). The query, kept in
// float32, scores every code in range by its dot product with the levels
// the code stands for: an asymmetric estimate of the cosine that a table
// of 256 partial sums per code byte makes one lookup per 4 dimensions,
// and none for the bytes whose 4 query coordinates are all zero. The best prefilterKeep chunks by that estimate are then scored
// exactly with their float32 vectors and the best depth kept. Both passes
// run on every core. Below the threshold, and for Query.Exact, chromem-go
// scans every vector exactly.
const (
	// approxMinChunks is the index size from which queries prefilter.
	approxMinChunks = 20_000
	// prefilterFactor times the wanted depth is the number of chunks
	// re-scored exactly; prefilterMin is its floor, and it is at least
	// the index's chunks over prefilterDivisor. Measured when each of 2
	// cores kept the best half of its half of the index (not quite the
	// best of all, as now), on 200 dev questions at 116k chunks 4,000 gave
	// a recall of the exact top 50 of 0.976 and 8,000 0.992; on 50 at
	// 1.15M chunks, 8,000 gave 0.944, 24,000 (1/48 of the index) 0.982 and
	// 60,000 0.997. 1/32 keeps a margin over 0.98 for a few milliseconds
	// more.
	prefilterFactor  = 80
	prefilterMin     = 8000
	prefilterDivisor = 32
	// scanBlock is the number of chunks a core takes at a time: small
	// enough that a core slowed by other work leaves its share to the
	// other, large enough that taking one costs nothing.
	scanBlock = 8192
)

// approximate returns up to depth chunks most similar to qv among those
// of articles in range (all when inRange is nil), best first, by a sign
// code prefilter and an exact re-scoring.
func (ix *Index) approximate(ctx context.Context, qv []float32, depth int, inRange []bool) ([]Ranked, error) {
	return ix.approximateKeep(ctx, qv, depth, prefilterKeep(depth, len(ix.chunks)), inRange)
}

// prefilterKeep is the number of chunks re-scored exactly.
func prefilterKeep(depth, chunks int) int {
	return max(depth*prefilterFactor, prefilterMin, chunks/prefilterDivisor)
}

// approximateKeep is approximate re-scoring the best keep chunks by their
// codes. The result does not depend on the number of cores.
func (ix *Index) approximateKeep(ctx context.Context, qv []float32, depth, keep int, inRange []bool) ([]Ranked, error) {
	if depth <= 0 {
		return nil, nil
	}
	cands, err := ix.prefilter(ctx, qv, max(keep, depth), inRange)
	if err != nil {
		return nil, err
	}

	// Re-score exactly, each core a run of candidates in file order (a
	// candidate costs about 1.5 µs, mostly its read), and keep the best
	// depth.
	slices.SortFunc(cands, func(a, b codeScore) int { return int(a.pos() - b.pos()) })
	workers := max(1, min(runtime.GOMAXPROCS(0), len(cands)/256))
	found := make([][]sim, workers)
	errs := make([]error, workers)
	per := (len(cands) + workers - 1) / workers
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			found[w], errs[w] = ix.rescore(ctx, qv, cands[w*per:min(len(cands), (w+1)*per)], depth)
		}()
	}
	wg.Wait()
	var best []sim
	for w := range workers {
		if errs[w] != nil {
			return nil, errs[w]
		}
		best = append(best, found[w]...)
	}
	slices.SortFunc(best, func(a, b sim) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return int(a.pos - b.pos)
	})
	out := make([]Ranked, 0, min(depth, len(best)))
	for _, c := range best[:min(depth, len(best))] {
		out = append(out, Ranked{ID: ix.chunks[c.pos].ID, Score: float64(c.score)})
	}
	return out, nil
}

// prefilter returns the best keep chunks of articles in range by the
// estimate of their codes, in no order.
func (ix *Index) prefilter(ctx context.Context, qv []float32, keep int, inRange []bool) ([]codeScore, error) {
	qt := newCodeQuery(qv)
	blocks := ix.scanBlocks(inRange)
	workers := max(1, min(runtime.GOMAXPROCS(0), len(blocks)))

	// Each core scores blocks of codes until none is left, keeping its own
	// best keep; the best keep of all are among them.
	parts := make([]codeTop, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			top := newCodeTop(keep)
			scores := make([]float32, codeBlock)
			for {
				b := int(next.Add(1)) - 1
				if b >= len(blocks) || ctx.Err() != nil {
					break
				}
				qt.scan(ix.store.codes, blocks[b][0], blocks[b][1], &top, scores)
			}
			parts[w] = top
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var cands []codeScore
	for _, p := range parts {
		cands = append(cands, p.buf...)
	}
	return selectBest(cands, keep), nil
}

// scanBlocks cuts the chunks of articles in range (all when inRange is
// nil) into runs of consecutive chunks of at most scanBlock.
func (ix *Index) scanBlocks(inRange []bool) [][2]int {
	var blocks [][2]int
	add := func(lo, hi int) {
		for ; lo < hi; lo += scanBlock {
			blocks = append(blocks, [2]int{lo, min(hi, lo+scanBlock)})
		}
	}
	if inRange == nil {
		add(0, ix.store.n)
		return blocks
	}
	lo, hi := 0, 0
	for ai, sp := range ix.spans {
		if !inRange[ai] || sp.lo == sp.hi {
			continue
		}
		if int(sp.lo) != hi || hi-lo >= scanBlock {
			add(lo, hi)
			lo = int(sp.lo)
		}
		hi = int(sp.hi)
	}
	add(lo, hi)
	return blocks
}

// rescore scores cands (in file order) exactly and returns the best depth
// of them, in no order.
func (ix *Index) rescore(ctx context.Context, qv []float32, cands []codeScore, depth int) ([]sim, error) {
	top := make(simHeap, 0, depth)
	buf := make([]float32, ix.dimension)
	for i, c := range cands {
		if i%1024 == 1023 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		v, err := ix.store.read(int(c.pos()), 1, buf)
		if err != nil {
			return nil, err
		}
		s := sim{pos: c.pos(), score: dot(qv, v)}
		if len(top) < depth {
			top = append(top, s)
			if len(top) == depth {
				top.heapify()
			}
		} else if top.worse(top[0], s) {
			top[0] = s
			top.down(0)
		}
	}
	return top, nil
}

// heapify makes h a heap, its worst first.
func (h simHeap) heapify() {
	for i := len(h)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

// down restores the heap below i.
func (h simHeap) down(i int) {
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		m := l
		if r := l + 1; r < len(h) && h.worse(h[r], h[l]) {
			m = r
		}
		if !h.worse(h[m], h[i]) {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}

// codeQuery is a query prepared to score codes: for each code byte j whose
// 4 query coordinates are not all zero, the dot product of those
// coordinates with the levels the byte codes, for all 256 byte values.
// The other bytes add nothing to any code's estimate and are not looked
// up: a question's vector by the local embedder has 50-100 non-zero
// dimensions of 768, so that only 50-80 of its 192 code bytes count.
type codeQuery struct {
	nb     int            // bytes of a code
	active []int          // the bytes that count
	tables [][256]float32 // their tables, in the same order
}

func newCodeQuery(qv []float32) *codeQuery {
	q := &codeQuery{nb: codeBytes(len(qv))}
	for j := range q.nb {
		var t [256]float32
		zero := true
		for b := range t {
			var s float32
			for k := range 4 {
				if d := 4*j + k; d < len(qv) {
					s += qv[d] * codeLevels[b>>(2*k)&3]
				}
			}
			t[b] = s
			zero = zero && s == 0
		}
		if !zero {
			q.active = append(q.active, j)
			q.tables = append(q.tables, t)
		}
	}
	return q
}

// codeScore is the estimate of a chunk's code in the high 32 bits, in an
// order-preserving form (see orderedBits), and the chunk's position,
// inverted, in the low 32: the greater is the better, and of equal
// estimates the earlier chunk.
type codeScore uint64

func newCodeScore(pos int, score float32) codeScore {
	return codeScore(uint64(orderedBits(score))<<32 | uint64(^uint32(pos)))
}

func (c codeScore) pos() int32 { return int32(^uint32(c)) }

// orderedBits maps float32s (not NaN) to uint32s in the same order.
func orderedBits(f float32) uint32 {
	b := math.Float32bits(f)
	if b>>31 != 0 {
		return ^b
	}
	return b | 1<<31
}

// scan scores the codes (blocked, see blockCodes) of chunks [lo, hi) into
// top; scores is scratch space of codeBlock values. Within a block, it
// adds the lookups of 4 code bytes at a time to the scores of the chunks
// in range, reading each byte's column in order: about 3 instructions a
// lookup, 1.5-2 times as fast as a code at a time (BenchmarkPrefilterScan).
func (q *codeQuery) scan(codes []byte, lo, hi int, top *codeTop, scores []float32) {
	nb := q.nb
	n := len(codes) / nb
	floor := top.floor
	for lo < hi {
		start := lo / codeBlock * codeBlock
		size := min(codeBlock, n-start)
		end := min(hi, start+size)
		blk := codes[start*nb : (start+size)*nb]
		from := lo - start
		sc := scores[:end-lo]
		clear(sc)
		col := func(k int) []byte { return blk[q.active[k]*size+from:][:len(sc)] }
		k := 0
		for ; k+4 <= len(q.active); k += 4 {
			c0, c1, c2, c3 := col(k), col(k+1), col(k+2), col(k+3)
			t0, t1, t2, t3 := &q.tables[k], &q.tables[k+1], &q.tables[k+2], &q.tables[k+3]
			for i := range sc {
				sc[i] += t0[c0[i]] + t1[c1[i]] + t2[c2[i]] + t3[c3[i]]
			}
		}
		for ; k < len(q.active); k++ {
			c0, t0 := col(k), &q.tables[k]
			for i := range sc {
				sc[i] += t0[c0[i]]
			}
		}
		for i, s := range sc {
			if c := newCodeScore(lo+i, s); c > floor {
				top.add(c)
				floor = top.floor
			}
		}
		lo = end
	}
}

// codeTop keeps the best keep code scores seen, or more: it collects
// those above floor and, when it holds twice keep, keeps the best keep
// and raises floor to the worst of them. What it drops cannot be among
// the best keep.
type codeTop struct {
	keep  int
	floor codeScore
	buf   []codeScore
}

func newCodeTop(keep int) codeTop {
	return codeTop{keep: keep, buf: make([]codeScore, 0, 2*keep)}
}

func (t *codeTop) add(c codeScore) {
	t.buf = append(t.buf, c)
	if len(t.buf) >= 2*t.keep {
		t.buf = selectBest(t.buf, t.keep)
		t.floor = slices.Min(t.buf)
	}
}

// selectBest reorders cs so that its best n come first, in no order, and
// returns them.
func selectBest(cs []codeScore, n int) []codeScore {
	if n >= len(cs) {
		return cs
	}
	if n <= 0 {
		return cs[:0]
	}
	// Quickselect with the median of three as pivot.
	lo, hi := 0, len(cs)-1
	for lo < hi {
		mid := lo + (hi-lo)/2
		if cs[mid] > cs[lo] {
			cs[mid], cs[lo] = cs[lo], cs[mid]
		}
		if cs[hi] > cs[lo] {
			cs[hi], cs[lo] = cs[lo], cs[hi]
		}
		if cs[hi] > cs[mid] {
			cs[hi], cs[mid] = cs[mid], cs[hi]
		}
		pivot := cs[mid]
		i, j := lo, hi
		for i <= j {
			for cs[i] > pivot {
				i++
			}
			for pivot > cs[j] {
				j--
			}
			if i <= j {
				cs[i], cs[j] = cs[j], cs[i]
				i++
				j--
			}
		}
		switch {
		case n-1 <= j:
			hi = j
		case n-1 >= i:
			lo = i
		default:
			return cs[:n]
		}
	}
	return cs[:n]
}
