package lexical

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"unsafe"
)

// PersistVersion identifies the layout WriteTo writes and Read reads. It
// changes whenever Index gains, loses or reinterprets a field (the field
// list test in persist_test.go fails until it does), so that an index
// saved by an older program is rebuilt rather than misread.
const PersistVersion = 2

// persistMagic opens a saved lexical index.
var persistMagic = [8]byte{'V', 'B', 'T', 'M', 'L', 'E', 'X', PersistVersion}

// ErrPersistFormat marks saved data that Read cannot use: damaged,
// truncated or of another PersistVersion.
var ErrPersistFormat = errors.New("lexical: saved index unreadable")

// WriteTo writes the index (terms, postings, document statistics and
// languages) in a compact little-endian layout that Read loads without
// analysing any text. Deleted documents are dropped first. The documents'
// term lists, which only Remove needs, are not written: the postings hold
// the same, and a loaded index finds them there (docTermsLocked).
func (ix *Index) WriteTo(w io.Writer) (int64, error) {
	ix.mu.Lock()
	if ix.deleted > 0 {
		ix.compactLocked()
	}
	ix.mu.Unlock()
	ix.mu.RLock()
	defer ix.mu.RUnlock()

	pw := &persistWriter{w: bufio.NewWriterSize(w, 1<<20)}
	pw.bytes(persistMagic[:])
	pw.u64(uint64(len(ix.langs)))
	for _, l := range ix.langs {
		pw.str(l)
	}
	// Terms: names, document frequencies, posting counts, then postings.
	pw.u64(uint64(len(ix.names)))
	pw.strings(ix.names)
	pw.int32s(ix.df)
	var total uint64
	for _, ps := range ix.postings {
		pw.u64(uint64(len(ps)))
		total += uint64(len(ps))
	}
	pw.u64(total)
	for _, ps := range ix.postings {
		pw.bytes(postingBytes(ps))
	}
	// Documents: ids, languages, lengths, distinct terms.
	pw.u64(uint64(len(ix.docs)))
	ids := make([]string, len(ix.docs))
	for i, d := range ix.docs {
		ids[i] = d.id
	}
	pw.strings(ids)
	for _, d := range ix.docs {
		pw.bytes([]byte{d.lang})
		pw.u32(math.Float32bits(d.length))
	}
	pw.u64(math.Float64bits(ix.totalLen))
	if pw.err != nil {
		return pw.n, fmt.Errorf("write lexical index: %w", pw.err)
	}
	if err := pw.w.Flush(); err != nil {
		return pw.n, fmt.Errorf("write lexical index: %w", err)
	}
	return pw.n, nil
}

// Read loads an index written by WriteTo, with opts (whose Analyzer must
// be the one the index was built with). Postings, document term lists and
// strings are each read into one allocation that the index slices.
func Read(r io.Reader, opts Options) (*Index, error) {
	ix := NewWithOptions(opts)
	pr := &persistReader{r: bufio.NewReaderSize(r, 1<<20)}
	var magic [8]byte
	pr.full(magic[:])
	if pr.err == nil && magic != persistMagic {
		return nil, fmt.Errorf("%w: format %d, want %d", ErrPersistFormat, magic[7], PersistVersion)
	}
	nl := pr.count(maxLangs)
	for range nl {
		l := pr.str()
		ix.langID[l] = uint8(len(ix.langs))
		ix.langs = append(ix.langs, l)
	}
	nt := pr.count(1 << 31)
	ix.names = pr.strings(nt)
	ix.df = pr.int32s(nt)
	counts := make([]uint64, nt)
	var sum uint64
	for i := range counts {
		counts[i] = pr.u64()
		sum += counts[i]
	}
	if total := pr.u64(); pr.err == nil && total != sum {
		pr.fail("posting counts add up to %d, not %d", sum, total)
	}
	if pr.err == nil && sum > 1<<40 {
		pr.fail("%d postings", sum)
	}
	var flat []posting
	if pr.err == nil {
		flat = make([]posting, sum)
		pr.full(postingBytes(flat))
	}
	ix.postings = make([][]posting, nt)
	off := uint64(0)
	for i, c := range counts {
		if pr.err != nil {
			break
		}
		ix.postings[i] = flat[off : off+c : off+c]
		off += c
	}
	nd := pr.count(1 << 31)
	ids := pr.strings(nd)
	ix.docs = make([]docEntry, nd)
	for i := range ix.docs {
		var lang [1]byte
		pr.full(lang[:])
		ix.docs[i] = docEntry{id: ids[i], lang: lang[0], length: math.Float32frombits(pr.u32())}
		if pr.err == nil && int(lang[0]) >= max(len(ix.langs), 1) {
			pr.fail("document %d: language %d of %d", i, lang[0], len(ix.langs))
		}
	}
	ix.totalLen = math.Float64frombits(pr.u64())
	if pr.err != nil {
		return nil, pr.err
	}
	// Check every reference before trusting the data.
	for tid, ps := range ix.postings {
		if ix.df[tid] < 0 || int(ix.df[tid]) > len(ps) {
			return nil, fmt.Errorf("%w: term %d has df %d and %d postings", ErrPersistFormat, tid, ix.df[tid], len(ps))
		}
		for i, p := range ps {
			// In document order, as Add appends them: docTermsLocked
			// searches them.
			if p.doc < 0 || int(p.doc) >= nd || i > 0 && p.doc <= ps[i-1].doc {
				return nil, fmt.Errorf("%w: posting of document %d of %d out of order", ErrPersistFormat, p.doc, nd)
			}
		}
	}
	ix.terms = make(map[string]int32, nt)
	for tid, t := range ix.names {
		ix.terms[t] = int32(tid)
	}
	ix.tf = make([]float32, nt)
	ix.byID = make(map[string]int32, nd)
	for i, d := range ix.docs {
		ix.byID[d.id] = int32(i)
	}
	ix.live = len(ix.byID)
	if ix.live != nd {
		return nil, fmt.Errorf("%w: %d documents but %d distinct ids", ErrPersistFormat, nd, ix.live)
	}
	return ix, nil
}

// docTermsLocked returns the distinct terms of doc, found in the postings
// (each in document order); ix.mu is held.
func (ix *Index) docTermsLocked(doc int32) []int32 {
	var terms []int32
	for tid, ps := range ix.postings {
		if _, ok := slices.BinarySearchFunc(ps, doc, func(p posting, d int32) int { return cmp.Compare(p.doc, d) }); ok {
			terms = append(terms, int32(tid))
		}
	}
	return terms
}

// postingBytes views postings as their little-endian bytes (doc int32,
// tf float32: 8 bytes each, no padding).
func postingBytes(ps []posting) []byte {
	if len(ps) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&ps[0])), len(ps)*int(unsafe.Sizeof(posting{})))
}

// int32Bytes views int32s as bytes.
func int32Bytes(v []int32) []byte {
	if len(v) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), len(v)*4)
}

// The byte views above write the machine's byte order; the layout is
// little-endian, so refuse to build on a big-endian machine rather than
// write unreadable files.
var _ = [1]struct{}{}[unsafe.Sizeof(posting{})-8]

func init() {
	if binary.NativeEndian.Uint16([]byte{1, 0}) != 1 {
		panic("lexical: persistence needs a little-endian machine")
	}
}

// persistWriter writes values, keeping the first error.
type persistWriter struct {
	w   *bufio.Writer
	n   int64
	err error
	b   [8]byte
}

func (pw *persistWriter) bytes(b []byte) {
	if pw.err != nil {
		return
	}
	n, err := pw.w.Write(b)
	pw.n += int64(n)
	pw.err = err
}

func (pw *persistWriter) u32(v uint32) {
	binary.LittleEndian.PutUint32(pw.b[:], v)
	pw.bytes(pw.b[:4])
}

func (pw *persistWriter) u64(v uint64) {
	binary.LittleEndian.PutUint64(pw.b[:], v)
	pw.bytes(pw.b[:8])
}

func (pw *persistWriter) str(s string) {
	pw.u64(uint64(len(s)))
	pw.bytes([]byte(s))
}

// strings writes the lengths of ss, then their bytes back to back.
func (pw *persistWriter) strings(ss []string) {
	var total uint64
	for _, s := range ss {
		pw.u32(uint32(len(s)))
		total += uint64(len(s))
	}
	pw.u64(total)
	for _, s := range ss {
		pw.bytes(unsafe.Slice(unsafe.StringData(s), len(s)))
	}
}

func (pw *persistWriter) int32s(v []int32) { pw.bytes(int32Bytes(v)) }

// persistReader reads values, keeping the first error.
type persistReader struct {
	r   *bufio.Reader
	err error
	b   [8]byte
}

func (pr *persistReader) fail(format string, args ...any) {
	if pr.err == nil {
		pr.err = fmt.Errorf("%w: %s", ErrPersistFormat, fmt.Sprintf(format, args...))
	}
}

func (pr *persistReader) full(b []byte) {
	if pr.err != nil {
		return
	}
	if _, err := io.ReadFull(pr.r, b); err != nil {
		pr.fail("%v", err)
	}
}

func (pr *persistReader) u32() uint32 {
	pr.full(pr.b[:4])
	if pr.err != nil {
		return 0
	}
	return binary.LittleEndian.Uint32(pr.b[:4])
}

func (pr *persistReader) u64() uint64 {
	pr.full(pr.b[:8])
	if pr.err != nil {
		return 0
	}
	return binary.LittleEndian.Uint64(pr.b[:8])
}

// count reads a count and checks it against limit.
func (pr *persistReader) count(limit uint64) int {
	n := pr.u64()
	if n > limit {
		pr.fail("count %d over %d", n, limit)
		return 0
	}
	return int(n)
}

func (pr *persistReader) str() string {
	n := pr.count(1 << 20)
	b := make([]byte, n)
	pr.full(b)
	return string(b)
}

// strings reads n strings written by persistWriter.strings into one
// backing string.
func (pr *persistReader) strings(n int) []string {
	lens := make([]uint32, n)
	var sum uint64
	for i := range lens {
		lens[i] = pr.u32()
		sum += uint64(lens[i])
	}
	if total := pr.u64(); pr.err == nil && total != sum {
		pr.fail("string lengths add up to %d, not %d", sum, total)
	}
	if pr.err != nil || sum > 1<<40 {
		pr.fail("%d string bytes", sum)
		return make([]string, n)
	}
	buf := make([]byte, sum)
	pr.full(buf)
	all := unsafe.String(unsafe.SliceData(buf), len(buf))
	out := make([]string, n)
	off := uint64(0)
	for i, l := range lens {
		out[i] = all[off : off+uint64(l)]
		off += uint64(l)
	}
	return out
}

func (pr *persistReader) int32s(n int) []int32 {
	if pr.err != nil {
		return make([]int32, n)
	}
	v := make([]int32, n)
	pr.full(int32Bytes(v))
	return v
}
