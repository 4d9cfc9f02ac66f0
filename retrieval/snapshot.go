package retrieval

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"verbatim/analysis"
	"verbatim/internal/atomicfile"

	"verbatim/corpus"
	"verbatim/retrieval/lexical"
)

// Files of an index directory.
const (
	// SnapshotFile holds the whole index: articles, chunks, vectors and
	// the lexical index.
	SnapshotFile = "index.snapshot"
	// CacheFile holds the vectors of the indexed texts, by embedder and
	// text, so that a rebuild embeds only new texts.
	CacheFile = "embeddings.cache"
)

// formatVersion changes whenever the snapshot layout, that of the lexical
// index it embeds (lexical.PersistVersion) or the terms it holds
// (analysis.Version) does.
const formatVersion = 4*1000 + 100*analysis.Version + lexical.PersistVersion

// A snapshot file is laid out so that it can be memory-mapped and used in
// place:
//
//	[0, 4096)           preamble: magic, uint32 dimensions, uint64 chunks
//	[4096, +n·d·4)      chunk vectors, little-endian float32, chunk order
//	[.., +n·⌈d/4⌉)      2-bit codes of the vectors (see prefilter.go)
//	header              gob: meta, corpus state, articles, chunk positions
//	lexical             the lexical index (lexical.Index.WriteTo)
//	trailer             section offsets and lengths, CRC-32C of all the
//	                    bytes before the trailer, end magic
//
// Vectors come first so that a build can write them at their final place
// as they are embedded, out of order, without holding them in memory. The
// file is written under a temporary name, synced and renamed over the
// previous one: a reader sees the old or the new index, never a mix.
var (
	snapshotMagic    = [8]byte{'V', 'B', 'T', 'M', 'I', 'D', 'X', 4}
	snapshotEndMagic = [8]byte{'V', 'B', 'T', 'M', 'E', 'N', 'D', 4}
	castagnoli       = crc32.MakeTable(crc32.Castagnoli)
)

const (
	preambleSize = 4096
	trailerSize  = 6*8 + 8
)

// header is the gob-encoded part of a snapshot.
type header struct {
	Meta     meta
	Corpus   corpus.State
	Articles []corpus.Article
	Chunks   []chunkRecord
	// Rules and Quotes are the quotations of the articles stored at the
	// build (see quotations.go), Rules "" when none are. A decoded header
	// leaves Quotes nil and keeps their encoded section instead, decoded
	// when they are first read (Index.setStoredQuotations).
	Rules         string
	Quotes        [][]Quotation
	quotesSection []byte
}

// headerStart is the first gob value of a header; the articles and chunk
// records follow in batches of at most headerBatch records (and, for
// articles, about headerBatchBytes of text), so that neither the encoder
// nor the decoder buffers them all at once. The batches stay under the
// 10 MB from which the gob decoder reads a message by growing its buffer,
// copying it at each step (a third of the CPU time of opening 100k
// chunks when a batch held 13 MB of text).
type headerStart struct {
	Meta             meta
	Corpus           corpus.State
	Articles, Chunks int
}

const (
	headerBatch      = 8192
	headerBatchBytes = 4 << 20
)

func encodeHeader(enc *gob.Encoder, h *header) error {
	if err := enc.Encode(headerStart{Meta: h.Meta, Corpus: h.Corpus, Articles: len(h.Articles), Chunks: len(h.Chunks)}); err != nil {
		return err
	}
	for i := 0; i < len(h.Articles); {
		j, size := i, 0
		for j < len(h.Articles) && j-i < headerBatch && (j == i || size+len(h.Articles[j].Text) <= headerBatchBytes) {
			size += len(h.Articles[j].Text)
			j++
		}
		if err := enc.Encode(h.Articles[i:j]); err != nil {
			return err
		}
		i = j
	}
	for i := 0; i < len(h.Chunks); i += headerBatch {
		if err := enc.Encode(h.Chunks[i:min(i+headerBatch, len(h.Chunks))]); err != nil {
			return err
		}
	}
	return encodeQuotes(enc, h.Rules, h.Quotes)
}

// decodeHeader decodes a header written by encodeHeader from r, which
// holds nothing after it. The quotations are not decoded: their section
// is kept in h.quotesSection, and their rules read.
func decodeHeader(r io.Reader, h *header) error {
	br, ok := r.(byteReader)
	if !ok {
		br = bufio.NewReader(r)
	}
	// Given an io.ByteReader, the gob decoder reads no byte past the
	// values it decodes: what follows the chunks in br is the quotations
	// section, whole.
	dec := gob.NewDecoder(br)
	var st headerStart
	if err := dec.Decode(&st); err != nil {
		return err
	}
	if st.Articles < 0 || st.Chunks < 0 || st.Articles > 1<<32 || st.Chunks > 1<<32 {
		return fmt.Errorf("%d articles, %d chunks", st.Articles, st.Chunks)
	}
	h.Meta, h.Corpus = st.Meta, st.Corpus
	h.Articles = make([]corpus.Article, 0, min(st.Articles, 1<<20))
	for len(h.Articles) < st.Articles {
		var batch []corpus.Article
		if err := dec.Decode(&batch); err != nil {
			return err
		}
		if len(batch) == 0 || len(h.Articles)+len(batch) > st.Articles {
			return fmt.Errorf("article batch of %d after %d of %d", len(batch), len(h.Articles), st.Articles)
		}
		h.Articles = append(h.Articles, batch...)
	}
	h.Chunks = make([]chunkRecord, 0, min(st.Chunks, 1<<22))
	for len(h.Chunks) < st.Chunks {
		var batch []chunkRecord
		if err := dec.Decode(&batch); err != nil {
			return err
		}
		if len(batch) == 0 || len(h.Chunks)+len(batch) > st.Chunks {
			return fmt.Errorf("chunk batch of %d after %d of %d", len(batch), len(h.Chunks), st.Chunks)
		}
		h.Chunks = append(h.Chunks, batch...)
	}
	section, err := io.ReadAll(br)
	if err != nil {
		return err
	}
	if h.Rules, err = quotesRules(section); err != nil {
		return err
	}
	if h.Rules != "" {
		h.quotesSection = section
	}
	return nil
}

// byteReader is what the gob decoder reads from without buffering ahead.
type byteReader interface {
	io.Reader
	io.ByteReader
}

// chunkRecord is a chunk without what its article already holds.
type chunkRecord struct {
	ID         string
	Article    int32
	Index      int
	Start, End int
}

// trailer locates the sections of a snapshot.
type trailer struct {
	codesOff, headerOff, headerLen, lexOff, lexLen uint64
	crc                                            uint32
}

func (t trailer) bytes() []byte {
	b := make([]byte, 0, trailerSize)
	for _, v := range []uint64{t.codesOff, t.headerOff, t.headerLen, t.lexOff, t.lexLen} {
		b = binary.LittleEndian.AppendUint64(b, v)
	}
	b = binary.LittleEndian.AppendUint64(b, uint64(t.crc))
	return append(b, snapshotEndMagic[:]...)
}

// Open loads the index saved in dir. It fails with ErrNoIndex (wrapped)
// when there is none, with an *EmbedderMismatchError when it was built by
// another embedder than e, and with an error wrapping ErrDamaged when the
// file is damaged or of another format.
//
// Nothing is re-analysed: the lexical index is read as saved, the sign
// codes of the vectors too, and the vectors of a large index stay in the
// file (see vectorStore).
func Open(dir string, e Embedder) (*Index, error) {
	ix, _, err := openSnapshot(dir, e)
	return ix, err
}

// openSnapshot is Open that also returns the corpus state the index was
// built from.
func openSnapshot(dir string, e Embedder) (*Index, corpus.State, error) {
	path := filepath.Join(dir, SnapshotFile)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, corpus.State{}, fmt.Errorf("open index %s: %w", dir, ErrNoIndex)
	}
	if err != nil {
		return nil, corpus.State{}, fmt.Errorf("open index: %w", err)
	}
	ix, st, err := readSnapshot(f, e)
	if ix == nil || ix.store.file != f {
		f.Close()
	}
	if err != nil {
		var mismatch *EmbedderMismatchError
		if errors.As(err, &mismatch) {
			return nil, corpus.State{}, err
		}
		return nil, corpus.State{}, fmt.Errorf("open index %s: %w", path, err)
	}
	return ix, st, nil
}

// ErrDamaged marks a snapshot that cannot be trusted: truncated, altered,
// or written by a program with another format.
var ErrDamaged = errors.New("damaged index snapshot: run \"verbatim index\" to rebuild it")

func corrupt(format string, args ...any) error {
	return fmt.Errorf("%w (%s)", ErrDamaged, fmt.Sprintf(format, args...))
}

// readLayout checks the preamble and trailer of a snapshot of size bytes.
func readLayout(f *os.File, size int64) (t trailer, dims, n uint64, err error) {
	if size < preambleSize+trailerSize {
		return t, 0, 0, corrupt("%d bytes is too short", size)
	}
	var pre [24]byte
	if _, err := f.ReadAt(pre[:], 0); err != nil {
		return t, 0, 0, corrupt("read preamble: %v", err)
	}
	if !bytes.Equal(pre[:7], snapshotMagic[:7]) {
		return t, 0, 0, corrupt("not a verbatim index")
	}
	if pre[7] != snapshotMagic[7] {
		return t, 0, 0, corrupt("format %d, this program reads format %d", pre[7], snapshotMagic[7])
	}
	dims = uint64(binary.LittleEndian.Uint32(pre[8:]))
	n = binary.LittleEndian.Uint64(pre[12:])
	var tr [trailerSize]byte
	if _, err := f.ReadAt(tr[:], size-trailerSize); err != nil {
		return t, 0, 0, corrupt("read trailer: %v", err)
	}
	if !bytes.Equal(tr[48:], snapshotEndMagic[:]) {
		return t, 0, 0, corrupt("bad end marker: the file is truncated or has trailing bytes")
	}
	u := func(i int) uint64 { return binary.LittleEndian.Uint64(tr[i*8:]) }
	t = trailer{codesOff: u(0), headerOff: u(1), headerLen: u(2), lexOff: u(3), lexLen: u(4), crc: uint32(u(5))}
	body := uint64(size - trailerSize)
	if dims > 1<<16 || n > 1<<40 || n*dims*4 > body {
		return t, 0, 0, corrupt("%d chunks of %d dimensions", n, dims)
	}
	if t.codesOff != preambleSize+n*dims*4 || t.headerOff != t.codesOff+n*uint64(codeBytes(int(dims))) ||
		t.lexOff != t.headerOff+t.headerLen || t.lexOff+t.lexLen != body {
		return t, 0, 0, corrupt("section lengths do not add up")
	}
	return t, dims, n, nil
}

// readHeader checks the layout of a snapshot and decodes its header,
// leaving vectors and lexical index unread and unchecked.
func readHeader(f *os.File) (h header, t trailer, dims, n uint64, size int64, err error) {
	st, err := f.Stat()
	if err != nil {
		return h, t, 0, 0, 0, err
	}
	size = st.Size()
	t, dims, n, err = readLayout(f, size)
	if err != nil {
		return h, t, 0, 0, 0, err
	}
	hr := bufio.NewReaderSize(io.NewSectionReader(f, int64(t.headerOff), int64(t.headerLen)), 1<<20)
	if err := decodeHeader(hr, &h); err != nil {
		return h, t, 0, 0, 0, corrupt("decode header: %v", err)
	}
	if h.Meta.Version != formatVersion {
		return h, t, 0, 0, 0, corrupt("format version %d, want %d", h.Meta.Version, formatVersion)
	}
	return h, t, dims, n, size, nil
}

// verifyChecksum checks the CRC of a snapshot of size bytes. It covers
// everything, vectors included: reading the file once costs far less than
// trusting a damaged one.
func verifyChecksum(f *os.File, t trailer, size int64) error {
	crc := crc32.New(castagnoli)
	if _, err := io.CopyBuffer(crc, io.NewSectionReader(f, 0, size-trailerSize), make([]byte, 1<<20)); err != nil {
		return corrupt("read: %v", err)
	}
	if crc.Sum32() != t.crc {
		return corrupt("checksum mismatch")
	}
	return nil
}

// readSnapshot checks and decodes a snapshot, mapping its vectors.
func readSnapshot(f *os.File, e Embedder) (*Index, corpus.State, error) {
	h, t, dims, n, size, err := readHeader(f)
	if err != nil {
		return nil, corpus.State{}, err
	}
	if got, want := h.Meta.embedderID(), e.ID(); got != want {
		return nil, corpus.State{}, &EmbedderMismatchError{Built: got, Configured: want}
	}
	if err := verifyChecksum(f, t, size); err != nil {
		return nil, corpus.State{}, err
	}
	if uint64(len(h.Chunks)) != n || uint64(h.Meta.VectorDims) != dims || dims == 0 && n > 0 {
		return nil, corpus.State{}, corrupt("%d chunks of %d dimensions, header says %d of %d", n, dims, len(h.Chunks), h.Meta.VectorDims)
	}
	lex, err := lexical.Read(io.NewSectionReader(f, int64(t.lexOff), int64(t.lexLen)), lexical.DefaultOptions())
	if err != nil {
		return nil, corpus.State{}, corrupt("%v", err)
	}
	chunks := make([]corpus.Chunk, n)
	for i, c := range h.Chunks {
		if c.Article < 0 || int(c.Article) >= len(h.Articles) {
			return nil, corpus.State{}, corrupt("chunk %q names article %d of %d", c.ID, c.Article, len(h.Articles))
		}
		a := &h.Articles[c.Article]
		if c.Start < 0 || c.End < c.Start || c.End > len(a.Text) {
			return nil, corpus.State{}, corrupt("chunk %q spans [%d, %d) of a %d-byte text", c.ID, c.Start, c.End, len(a.Text))
		}
		chunks[i] = chunkOf(a, c)
	}
	store, err := loadStore(f, t, int(dims), int(n))
	if err != nil {
		return nil, corpus.State{}, corrupt("%v", err)
	}
	ix, err := assemble(context.Background(), h.Meta, e, h.Articles, chunks, store, lex)
	if err != nil {
		return nil, corpus.State{}, corrupt("%v", err)
	}
	ix.setStoredQuotations(h.Rules, h.quotesSection)
	ix.corpus = h.Corpus
	return ix, h.Corpus, nil
}

// loadStore reads the codes of a checked snapshot, and its vectors when
// the index is small enough to be searched exactly; those of a larger one
// are read from f as queries need them.
func loadStore(f *os.File, t trailer, dims, n int) (*vectorStore, error) {
	s := &vectorStore{dims: dims, n: n, codes: make([]byte, t.headerOff-t.codesOff), file: f, off: preambleSize}
	if _, err := f.ReadAt(s.codes, int64(t.codesOff)); err != nil {
		return nil, fmt.Errorf("read codes: %w", err)
	}
	blockCodes(s.codes, n, codeBytes(dims))
	if n < approxMinChunks {
		flat, err := s.all()
		if err != nil {
			return nil, err
		}
		s.flat, s.file = flat, nil
	}
	return s, nil
}

// chunkOf rebuilds a chunk from its article and record.
func chunkOf(a *corpus.Article, c chunkRecord) corpus.Chunk {
	return corpus.Chunk{
		ID: c.ID, DocID: a.ID, Index: c.Index, Start: c.Start, End: c.End,
		Text: a.Text[c.Start:c.End], Title: a.Title, Date: a.Date,
		Source: a.Source, URL: a.URL, Lang: a.Lang,
	}
}

// snapshotWriter writes a snapshot under a temporary name: vectors at
// their place in any order (put), then the rest (finish). The file is
// created on the first put, when the vector size is known.
type snapshotWriter struct {
	dir, path  string
	f          *os.File
	tmp        string
	dims, n    int
	vectorsEnd int64
}

// newSnapshotWriter starts a snapshot of n chunk vectors in dir, of dims
// dimensions (0: the length of the first vector put).
func newSnapshotWriter(dir string, n, dims int) *snapshotWriter {
	return &snapshotWriter{dir: dir, path: filepath.Join(dir, SnapshotFile), n: n, dims: dims}
}

// create makes the temporary file for vectors of dims dimensions.
func (w *snapshotWriter) create(dims int) error {
	f, err := os.CreateTemp(w.dir, "."+SnapshotFile+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", w.path, err)
	}
	w.f, w.tmp, w.dims = f, f.Name(), dims
	w.vectorsEnd = preambleSize + int64(w.n)*int64(dims)*4
	pre := make([]byte, preambleSize)
	copy(pre, snapshotMagic[:])
	binary.LittleEndian.PutUint32(pre[8:], uint32(dims))
	binary.LittleEndian.PutUint64(pre[12:], uint64(w.n))
	if _, err := f.WriteAt(pre, 0); err != nil {
		w.abort()
		return fmt.Errorf("write %s: %w", w.path, err)
	}
	if err := f.Truncate(w.vectorsEnd); err != nil {
		w.abort()
		return fmt.Errorf("write %s: %w", w.path, err)
	}
	return nil
}

// put writes the vector of chunk pos.
func (w *snapshotWriter) put(pos int, v []float32) error {
	if w.f == nil {
		if w.dims != 0 && len(v) != w.dims {
			return fmt.Errorf("chunk %d: vector of %d dimensions, want %d", pos, len(v), w.dims)
		}
		if err := w.create(len(v)); err != nil {
			return err
		}
	}
	if len(v) != w.dims {
		return fmt.Errorf("chunk %d: vector of %d dimensions, want %d", pos, len(v), w.dims)
	}
	if _, err := w.f.WriteAt(floatBytes(v), preambleSize+int64(pos)*int64(w.dims)*4); err != nil {
		return fmt.Errorf("write %s: %w", w.path, err)
	}
	return nil
}

// abort removes the temporary file, if any.
func (w *snapshotWriter) abort() {
	if w.f == nil {
		return
	}
	w.f.Close()
	os.Remove(w.tmp)
	w.f = nil
}

// finish reads the vectors back to compute their codes and the checksum,
// appends codes, header and lexical index, syncs and renames the file into
// place, and maps it. On error the temporary file is removed.
func (w *snapshotWriter) finish(h header, lex *lexical.Index) (store *vectorStore, err error) {
	if w.f == nil {
		if err := w.create(w.dims); err != nil {
			return nil, err
		}
	}
	h.Meta.VectorDims = w.dims
	defer func() {
		if err != nil {
			w.abort()
			err = fmt.Errorf("write %s: %w", w.path, err)
		}
	}()
	crc := crc32.New(castagnoli)
	// Preamble and vectors, read back in chunk order.
	r := bufio.NewReaderSize(io.NewSectionReader(w.f, 0, w.vectorsEnd), 1<<20)
	if _, err := io.CopyN(crc, r, preambleSize); err != nil {
		return nil, err
	}
	// The codes (1/32 of the vectors) are kept until the vectors are all
	// read: the checksum covers the file in order.
	nb := codeBytes(w.dims)
	codes := make([]byte, w.n*nb)
	v := make([]float32, w.dims)
	for i := range w.n {
		if _, err := io.ReadFull(r, floatBytes(v)); err != nil {
			return nil, fmt.Errorf("read back vector %d: %w", i, err)
		}
		if !slices.ContainsFunc(v, func(x float32) bool { return x != 0 }) {
			return nil, fmt.Errorf("chunk %d has no vector", i)
		}
		crc.Write(floatBytes(v))
		signCode(v, codes[i*nb:(i+1)*nb])
	}
	bw := &countWriter{w: io.MultiWriter(crc, &offsetWriter{f: w.f, off: w.vectorsEnd})}
	if _, err := bw.Write(codes); err != nil {
		return nil, err
	}
	t := trailer{codesOff: uint64(w.vectorsEnd)}
	t.headerOff = t.codesOff + uint64(bw.n)
	buffered := bufio.NewWriterSize(bw, 1<<20)
	if err := encodeHeader(gob.NewEncoder(buffered), &h); err != nil {
		return nil, fmt.Errorf("encode header: %w", err)
	}
	if err := buffered.Flush(); err != nil {
		return nil, err
	}
	t.headerLen = uint64(bw.n) - (t.headerOff - t.codesOff)
	t.lexOff = t.headerOff + t.headerLen
	if _, err := lex.WriteTo(bw); err != nil {
		return nil, err
	}
	t.lexLen = uint64(bw.n) - (t.lexOff - t.codesOff)
	t.crc = crc.Sum32()
	if _, err := w.f.WriteAt(t.bytes(), int64(t.lexOff+t.lexLen)); err != nil {
		return nil, err
	}
	if err := w.f.Sync(); err != nil {
		return nil, err
	}
	blockCodes(codes, w.n, nb)
	store = &vectorStore{dims: w.dims, n: w.n, codes: codes, file: w.f, off: preambleSize}
	if w.n < approxMinChunks {
		if store.flat, err = store.all(); err != nil {
			return nil, err
		}
		store.file = nil
		if err := w.f.Close(); err != nil {
			return nil, err
		}
	}
	// From here the file is the store's (or closed): not the writer's.
	f := w.f
	w.f = nil
	if err := os.Rename(w.tmp, w.path); err != nil {
		f.Close()
		os.Remove(w.tmp)
		return nil, err
	}
	return store, atomicfile.SyncDir(w.dir)
}

// offsetWriter writes to f sequentially from off.
type offsetWriter struct {
	f   *os.File
	off int64
}

func (o *offsetWriter) Write(p []byte) (int, error) {
	n, err := o.f.WriteAt(p, o.off)
	o.off += int64(n)
	return n, err
}

// countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
