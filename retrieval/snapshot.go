package retrieval

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"

	"verbatim/corpus"
)

// Files of an index directory.
const (
	// SnapshotFile holds the whole index: articles, chunks, vectors.
	SnapshotFile = "index.snapshot"
	// CacheFile holds every vector ever embedded, by embedder and text.
	CacheFile = "embeddings.cache"
)

// formatVersion changes whenever the snapshot layout does.
const formatVersion = 1

// A snapshot file is: magic, the gob-encoded header (meta, articles,
// chunk positions), every chunk vector as little-endian float32 in chunk
// order, and a fixed trailer with the section lengths, a CRC-32C of
// everything before it and an end magic. It is written to a temporary file
// and renamed over the previous one, so a reader sees the old or the new
// index, never a mix.
var (
	snapshotMagic    = [8]byte{'V', 'B', 'T', 'M', 'I', 'D', 'X', formatVersion}
	snapshotEndMagic = [8]byte{'V', 'B', 'T', 'M', 'E', 'N', 'D', formatVersion}
	castagnoli       = crc32.MakeTable(crc32.Castagnoli)
)

const trailerSize = 8 + 8 + 4 + 4 + 8

// header is the gob-encoded part of a snapshot.
type header struct {
	Meta     meta
	Articles []corpus.Article
	Chunks   []chunkRecord
}

// chunkRecord is a chunk without what its article already holds.
type chunkRecord struct {
	ID         string
	Article    int32
	Index      int
	Start, End int
}

// Open loads the index saved in dir. It fails with ErrNoIndex (wrapped)
// when there is none, with an *EmbedderMismatchError when it was built by
// another embedder than e, and with a clear error when the file is damaged.
func Open(dir string, e Embedder) (*Index, error) {
	path := filepath.Join(dir, SnapshotFile)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("open index %s: %w", dir, ErrNoIndex)
	}
	if err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	defer f.Close()
	ix, err := readSnapshot(f, e)
	if err != nil {
		var mismatch *EmbedderMismatchError
		if errors.As(err, &mismatch) {
			return nil, err
		}
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	return ix, nil
}

// errCorrupt marks a snapshot that cannot be trusted.
var errCorrupt = errors.New("damaged index snapshot: run \"verbatim index\" to rebuild it")

func corrupt(format string, args ...any) error {
	return fmt.Errorf("%w (%s)", errCorrupt, fmt.Sprintf(format, args...))
}

// snapshotLayout is what the trailer and header of a snapshot say.
type snapshotLayout struct {
	header     header
	consumed   int64 // magic + header bytes
	vectorsLen uint64
	wantCRC    uint32
}

// readHeader checks the trailer of a snapshot and decodes its header,
// leaving the vectors unread.
func readHeader(f *os.File) (snapshotLayout, error) {
	var l snapshotLayout
	st, err := f.Stat()
	if err != nil {
		return l, err
	}
	size := st.Size()
	if size < int64(len(snapshotMagic))+trailerSize {
		return l, corrupt("%d bytes is too short", size)
	}
	var tr [trailerSize]byte
	if _, err := f.ReadAt(tr[:], size-trailerSize); err != nil {
		return l, fmt.Errorf("read trailer: %w", err)
	}
	if !bytes.Equal(tr[24:], snapshotEndMagic[:]) {
		return l, corrupt("bad end marker; the file is truncated or not a verbatim index of format %d", formatVersion)
	}
	headerLen := binary.LittleEndian.Uint64(tr[0:])
	l.vectorsLen = binary.LittleEndian.Uint64(tr[8:])
	l.wantCRC = binary.LittleEndian.Uint32(tr[16:])
	body := uint64(size) - trailerSize - uint64(len(snapshotMagic))
	if headerLen > body || l.vectorsLen != body-headerLen || l.vectorsLen%4 != 0 {
		return l, corrupt("section lengths do not add up")
	}

	l.consumed = int64(len(snapshotMagic)) + int64(headerLen)
	hr := bufio.NewReaderSize(io.NewSectionReader(f, 0, l.consumed), 1<<16)
	var magic [8]byte
	if _, err := io.ReadFull(hr, magic[:]); err != nil || magic != snapshotMagic {
		return l, corrupt("bad magic")
	}
	if err := gob.NewDecoder(hr).Decode(&l.header); err != nil {
		return l, corrupt("decode header: %v", err)
	}
	if l.header.Meta.Version != formatVersion {
		return l, corrupt("format version %d, want %d", l.header.Meta.Version, formatVersion)
	}
	return l, nil
}

// readSnapshot checks and decodes a snapshot.
func readSnapshot(f *os.File, e Embedder) (*Index, error) {
	l, err := readHeader(f)
	if err != nil {
		return nil, err
	}
	h, consumed, vectorsLen, wantCRC := l.header, l.consumed, l.vectorsLen, l.wantCRC
	if got, want := h.Meta.embedderID(), e.ID(); got != want {
		return nil, &EmbedderMismatchError{Built: got, Configured: want}
	}
	crc := crc32.New(castagnoli)
	if err := crcRange(f, 0, consumed, crc); err != nil {
		return nil, err
	}
	r := bufio.NewReaderSize(io.TeeReader(io.NewSectionReader(f, consumed, int64(vectorsLen)), crc), 1<<20)

	dims := h.Meta.VectorDims
	n := len(h.Chunks)
	if dims <= 0 && n > 0 {
		return nil, corrupt("%d dimensions", dims)
	}
	if uint64(n)*uint64(dims)*4 != vectorsLen {
		return nil, corrupt("%d chunks of %d dimensions do not fill %d vector bytes", n, dims, vectorsLen)
	}
	flat := make([]float32, n*dims)
	if err := readFloats(r, flat); err != nil {
		return nil, corrupt("read vectors: %v", err)
	}
	if crc.Sum32() != wantCRC {
		return nil, corrupt("checksum mismatch")
	}

	chunks := make([]corpus.Chunk, n)
	vectors := make([][]float32, n)
	for i, c := range h.Chunks {
		if c.Article < 0 || int(c.Article) >= len(h.Articles) {
			return nil, corrupt("chunk %q names article %d of %d", c.ID, c.Article, len(h.Articles))
		}
		a := &h.Articles[c.Article]
		if c.Start < 0 || c.End < c.Start || c.End > len(a.Text) {
			return nil, corrupt("chunk %q spans [%d, %d) of a %d-byte text", c.ID, c.Start, c.End, len(a.Text))
		}
		chunks[i] = chunkOf(a, c)
		vectors[i] = flat[i*dims : (i+1)*dims : (i+1)*dims]
	}
	ix, err := newIndex(context.Background(), h.Meta, e, h.Articles, chunks, vectors)
	if err != nil {
		return nil, corrupt("%v", err)
	}
	return ix, nil
}

// crcRange feeds bytes [off, off+n) of f to h.
func crcRange(f *os.File, off, n int64, h hash.Hash32) error {
	if _, err := io.Copy(h, io.NewSectionReader(f, off, n)); err != nil {
		return fmt.Errorf("read snapshot: %w", err)
	}
	return nil
}

// chunkOf rebuilds a chunk from its article and record.
func chunkOf(a *corpus.Article, c chunkRecord) corpus.Chunk {
	return corpus.Chunk{
		ID: c.ID, DocID: a.ID, Index: c.Index, Start: c.Start, End: c.End,
		Text: a.Text[c.Start:c.End], Title: a.Title, Date: a.Date,
		Source: a.Source, URL: a.URL, Lang: a.Lang,
	}
}

// readFloats fills dst with little-endian float32 values from r.
func readFloats(r io.Reader, dst []float32) error {
	buf := make([]byte, 1<<16)
	for len(dst) > 0 {
		n := min(len(dst), len(buf)/4)
		if _, err := io.ReadFull(r, buf[:n*4]); err != nil {
			return err
		}
		for i := range n {
			dst[i] = math.Float32frombits(binary.LittleEndian.Uint32(buf[i*4:]))
		}
		dst = dst[n:]
	}
	return nil
}

// writeFloats writes v as little-endian float32 values.
func writeFloats(w io.Writer, v []float32, buf []byte) error {
	for len(v) > 0 {
		n := min(len(v), len(buf)/4)
		for i := range n {
			binary.LittleEndian.PutUint32(buf[i*4:], math.Float32bits(v[i]))
		}
		if _, err := w.Write(buf[:n*4]); err != nil {
			return err
		}
		v = v[n:]
	}
	return nil
}

// save writes the index to dir/SnapshotFile atomically.
func (ix *Index) save(dir string) error {
	h := header{Meta: ix.meta, Articles: ix.articles, Chunks: make([]chunkRecord, len(ix.chunks))}
	for i, c := range ix.chunks {
		h.Chunks[i] = chunkRecord{ID: c.ID, Article: ix.chunkArt[i], Index: c.Index, Start: c.Start, End: c.End}
	}
	return writeAtomic(filepath.Join(dir, SnapshotFile), func(w io.Writer) error {
		crc := crc32.New(castagnoli)
		cw := &countWriter{w: io.MultiWriter(w, crc)}
		if _, err := cw.Write(snapshotMagic[:]); err != nil {
			return err
		}
		if err := gob.NewEncoder(cw).Encode(&h); err != nil {
			return fmt.Errorf("encode header: %w", err)
		}
		headerLen := cw.n - int64(len(snapshotMagic))
		buf := make([]byte, 1<<16)
		for _, v := range ix.vectors {
			if err := writeFloats(cw, v, buf); err != nil {
				return err
			}
		}
		var tr [trailerSize]byte
		binary.LittleEndian.PutUint64(tr[0:], uint64(headerLen))
		binary.LittleEndian.PutUint64(tr[8:], uint64(cw.n-int64(len(snapshotMagic))-headerLen))
		binary.LittleEndian.PutUint32(tr[16:], crc.Sum32())
		copy(tr[24:], snapshotEndMagic[:])
		_, err := w.Write(tr[:])
		return err
	})
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

// writeAtomic writes path through a temporary file in the same directory:
// write, flush, fsync, close, rename over path, fsync the directory. On any
// failure the temporary file is removed and path is untouched.
func writeAtomic(path string, write func(w io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
			err = fmt.Errorf("write %s: %w", path, err)
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<20)
	if err = write(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp, path); err != nil {
		return err
	}
	return syncDir(dir)
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}
