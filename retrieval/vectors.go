package retrieval

import (
	"runtime"
	"unsafe"
)

// vectorStore holds the chunk vectors of an index, float32 in chunk order,
// and their sign codes (see prefilter.go). Opened from a snapshot both are
// views of the memory-mapped file: the operating system pages them in as
// queries touch them and may drop them again, so they cost no heap and no
// copy. Built in memory (tests, benchmarks) they are ordinary slices.
type vectorStore struct {
	dims  int
	flat  []float32 // len n*dims
	codes []byte    // len n*codeBytes(dims)
	// mapping keeps the file mapping alive; it is unmapped when the store
	// becomes unreachable.
	mapping *mapping
}

// mapping is a memory-mapped file region.
type mapping struct {
	data    []byte
	release func()
}

// newMapping wraps a mapped region and unmaps it once nothing refers to
// the mapping any more.
func newMapping(data []byte, release func()) *mapping {
	m := &mapping{data: data, release: release}
	runtime.AddCleanup(m, func(release func()) { release() }, release)
	return m
}

// codeBytes is the size of one vector's sign code.
func codeBytes(dims int) int { return (dims + 7) / 8 }

// newHeapStore keeps vectors in memory and computes their codes.
func newHeapStore(vectors [][]float32, dims int) *vectorStore {
	s := &vectorStore{dims: dims, codes: make([]byte, len(vectors)*codeBytes(dims))}
	for i, v := range vectors {
		signCode(v, s.code(i))
	}
	return s
}

// vectorViews slices flat into one vector per chunk, without copying.
func vectorViews(flat []float32, dims int) [][]float32 {
	if dims == 0 {
		return nil
	}
	n := len(flat) / dims
	out := make([][]float32, n)
	for i := range out {
		out[i] = flat[i*dims : (i+1)*dims : (i+1)*dims]
	}
	return out
}

// code returns the sign code of chunk i.
func (s *vectorStore) code(i int) []byte {
	nb := codeBytes(s.dims)
	return s.codes[i*nb : (i+1)*nb : (i+1)*nb]
}

// signCode sets bit d of dst when v[d] > 0.
func signCode(v []float32, dst []byte) {
	clear(dst)
	for d, x := range v {
		if x > 0 {
			dst[d>>3] |= 1 << (d & 7)
		}
	}
}

// floatBytes views float32s as their bytes in machine order (little-endian
// on every machine verbatim builds for; see lexical's persist.go).
func floatBytes(v []float32) []byte {
	if len(v) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), len(v)*4)
}

// bytesFloats views bytes (4-aligned, len a multiple of 4) as float32s.
func bytesFloats(b []byte) []float32 {
	if len(b) == 0 {
		return nil
	}
	return unsafe.Slice((*float32)(unsafe.Pointer(&b[0])), len(b)/4)
}
