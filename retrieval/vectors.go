package retrieval

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"unsafe"
)

// vectorStore holds the chunk vectors of an index, float32 in chunk order,
// and their sign codes (see prefilter.go). The codes are in memory, in
// blocks of codeBlock chunks (see blockCodes). The
// vectors are too in a small index or one built in memory (tests,
// benchmarks); in a large one they stay in the snapshot file and are read
// by position, a few thousand per query: no copy of them is held, and the
// process does not map pages it does not read (a memory mapping would map
// neighbouring pages on every fault and inflate the resident set).
type vectorStore struct {
	dims, n int
	flat    []float32 // all vectors, or nil when they stay in file
	codes   []byte    // len n*codeBytes(dims), blocked
	file    *os.File  // the snapshot when flat is nil
	off     int64     // offset of vector 0 in file
}

// codeBytes is the size of one vector's code: 2 bits per dimension.
func codeBytes(dims int) int { return (dims + 3) / 4 }

// newHeapStore keeps vectors in memory and computes their codes.
func newHeapStore(vectors [][]float32, dims int) *vectorStore {
	nb := codeBytes(dims)
	s := &vectorStore{dims: dims, n: len(vectors), codes: make([]byte, len(vectors)*nb)}
	s.flat = make([]float32, 0, len(vectors)*dims)
	for i, v := range vectors {
		s.flat = append(s.flat, v...)
		signCode(v, s.codes[i*nb:(i+1)*nb])
	}
	blockCodes(s.codes, s.n, nb)
	return s
}

// views slices the in-memory vectors into one per chunk, without copying;
// nil when they stay in file.
func (s *vectorStore) views() [][]float32 {
	if s.flat == nil || s.dims == 0 {
		return nil
	}
	out := make([][]float32, s.n)
	for i := range out {
		out[i] = s.flat[i*s.dims : (i+1)*s.dims : (i+1)*s.dims]
	}
	return out
}

// read returns the vectors of chunks [pos, pos+count), in dst when they are
// read from file (dst must hold count*dims values).
func (s *vectorStore) read(pos, count int, dst []float32) ([]float32, error) {
	if s.flat != nil {
		return s.flat[pos*s.dims : (pos+count)*s.dims], nil
	}
	dst = dst[:count*s.dims]
	if _, err := s.file.ReadAt(floatBytes(dst), s.off+int64(pos)*int64(s.dims)*4); err != nil {
		return nil, fmt.Errorf("read vectors %d-%d: %w", pos, pos+count-1, err)
	}
	return dst, nil
}

// all returns every vector in memory, reading them from file when they
// stay there (the exact path of a large index).
func (s *vectorStore) all() ([]float32, error) {
	if s.flat != nil {
		return s.flat, nil
	}
	return s.read(0, s.n, make([]float32, s.n*s.dims))
}

// codeBlock is the number of chunks whose codes are kept together in
// memory: byte j of the codes of a block's chunks in a row, then byte j+1,
// so that a query scans a code byte of many chunks with one table.
const codeBlock = 1024

// blockCodes rearranges in place the codes of n chunks of nb bytes each,
// in chunk order (as a snapshot stores them), into blocks: the block of
// chunks [lo, lo+size), size codeBlock or what is left for the last,
// holds byte j of chunk lo+i at lo*nb + j*size + i. It moves 8 bytes of 8
// chunks at a time (0.15-0.2 s of CPU for a million codes of 192 bytes).
func blockCodes(codes []byte, n, nb int) {
	buf := make([]byte, min(n, codeBlock)*nb)
	le := binary.LittleEndian
	for lo := 0; lo < n; lo += codeBlock {
		size := min(codeBlock, n-lo)
		blk := codes[lo*nb : (lo+size)*nb]
		copy(buf, blk)
		size8, nb8 := size&^7, nb&^7
		for i := 0; i < size8; i += 8 {
			for j := 0; j < nb8; j += 8 {
				var r [8]uint64
				for k := range r {
					r[k] = le.Uint64(buf[(i+k)*nb+j:])
				}
				transpose8(&r)
				for k, w := range r {
					le.PutUint64(blk[(j+k)*size+i:], w)
				}
			}
		}
		// The bytes past the last whole 8 of a code, of the chunks past
		// the last whole 8.
		for i := range size {
			for j := nb8; j < nb; j++ {
				blk[j*size+i] = buf[i*nb+j]
			}
		}
		for i := size8; i < size; i++ {
			for j := range nb8 {
				blk[j*size+i] = buf[i*nb+j]
			}
		}
	}
}

// transpose8 transposes the 8×8 bytes of r, byte k of r[i] (little-endian)
// becoming byte i of r[k]: quarters, then eighths, then bytes swapped
// across the diagonal.
func transpose8(r *[8]uint64) {
	for i := range 4 {
		t := (r[i]>>32 ^ r[i+4]) & 0x00000000ffffffff
		r[i] ^= t << 32
		r[i+4] ^= t
	}
	for _, i := range [4]int{0, 1, 4, 5} {
		t := (r[i]>>16 ^ r[i+2]) & 0x0000ffff0000ffff
		r[i] ^= t << 16
		r[i+2] ^= t
	}
	for i := 0; i < 8; i += 2 {
		t := (r[i]>>8 ^ r[i+1]) & 0x00ff00ff00ff00ff
		r[i] ^= t << 8
		r[i+1] ^= t
	}
}

// code copies the sign code of chunk i to dst (codeBytes(dims) long) and
// returns it.
func (s *vectorStore) code(i int, dst []byte) []byte {
	nb := codeBytes(s.dims)
	lo := i / codeBlock * codeBlock
	size := min(codeBlock, s.n-lo)
	for j := range dst[:nb] {
		dst[j] = s.codes[lo*nb+j*size+i-lo]
	}
	return dst[:nb]
}

// Each coordinate of a unit vector of d dimensions is coded on 2 bits by
// where it falls among -t, 0 and t, with t = 0.6745/√d, the quartiles of
// a normal coordinate of variance 1/d; level l stands for codeLevels[l]/√d,
// the mean of a normal coordinate in that quartile.
var codeLevels = [4]float32{-1.2711, -0.3186, 0.3186, 1.2711}

const codeQuartile = 0.6745

// signCode writes the 2-bit code of v to dst: dimensions 4j to 4j+3 in
// byte j, lowest bits first.
func signCode(v []float32, dst []byte) {
	clear(dst)
	t := float32(codeQuartile / math.Sqrt(float64(len(v))))
	for d, x := range v {
		var l byte
		switch {
		case x < -t:
			l = 0
		case x < 0:
			l = 1
		case x < t:
			l = 2
		default:
			l = 3
		}
		dst[d>>2] |= l << (2 * (d & 3))
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
