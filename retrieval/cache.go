package retrieval

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"math"
	"os"

	"verbatim/internal/atomicfile"
)

// The embedding cache (dir/CacheFile) keeps every vector the index ever
// paid for, keyed by embedder ID and the SHA-256 of the embedded text, so
// that a rebuild after an edit, a failed build resumed or a switch back to
// a previous embedder embeds only texts never seen. It is append-only: a
// magic, then records of
//
//	uint32 payload length | payload | uint32 CRC-32C of payload
//	payload: uint16 id length | id | [32]byte text hash | float32 vector...
//
// A reader stops at the first truncated or damaged record (a crash during
// an append), and the next writer truncates the file there.
var cacheMagic = [8]byte{'V', 'B', 'T', 'M', 'E', 'M', 'B', 1}

// maxCacheRecord bounds a record so a damaged length cannot allocate much.
const maxCacheRecord = 1 << 20

// textKey is the cache key of a text.
type textKey [32]byte

func keyOf(text string) textKey { return sha256.Sum256([]byte(text)) }

// cacheScan is what reading the cache found.
type cacheScan struct {
	goodLen int64 // bytes of intact records, magic included; 0: rewrite
	records int   // intact records
	matched int   // records of the embedder that want accepted
}

// scanCache reads the cache at path and hands found the vectors of
// embedder id (of dims dimensions, any when 0) whose keys want accepts;
// found may be nil, to count them only. A missing file is an empty cache;
// a damaged tail is ignored.
func scanCache(path, id string, dims int, want func(textKey) bool, found func(textKey, []float32)) (cacheScan, error) {
	var scan cacheScan
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return scan, nil
	}
	if err != nil {
		return scan, fmt.Errorf("read embedding cache: %w", err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	var magic [8]byte
	if _, err := io.ReadFull(r, magic[:]); err != nil || magic != cacheMagic {
		return scan, nil
	}
	scan.goodLen = int64(len(magic))
	var lenBuf [4]byte
	payload := make([]byte, 0, 8<<10)
	var v []float32
	for {
		if _, err := io.ReadFull(r, lenBuf[:]); err != nil {
			return scan, nil // end of file or truncated length
		}
		n := binary.LittleEndian.Uint32(lenBuf[:])
		if n < 2+32 || n > maxCacheRecord {
			return scan, nil
		}
		if cap(payload) < int(n)+4 {
			payload = make([]byte, n+4)
		}
		payload = payload[:n+4]
		if _, err := io.ReadFull(r, payload); err != nil {
			return scan, nil
		}
		body, sum := payload[:n], binary.LittleEndian.Uint32(payload[n:])
		if crc32.Checksum(body, castagnoli) != sum {
			return scan, nil
		}
		scan.goodLen += int64(4 + n + 4)
		scan.records++
		idLen := int(binary.LittleEndian.Uint16(body))
		if 2+idLen+32 > len(body) || (len(body)-2-idLen-32)%4 != 0 {
			continue
		}
		if string(body[2:2+idLen]) != id {
			continue
		}
		var key textKey
		copy(key[:], body[2+idLen:])
		raw := body[2+idLen+32:]
		if len(raw) == 0 || dims > 0 && len(raw)/4 != dims || !want(key) {
			continue
		}
		scan.matched++
		if found == nil {
			continue
		}
		if cap(v) < len(raw)/4 {
			v = make([]float32, len(raw)/4)
		}
		v = v[:len(raw)/4]
		for i := range v {
			v[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[i*4:]))
		}
		found(key, v)
	}
}

// cacheWriter appends records to the cache file.
type cacheWriter struct {
	f   *os.File
	w   *bufio.Writer
	buf []byte
	id  string
}

// openCacheWriter opens path for appending after its goodLen intact bytes,
// dropping a damaged tail, or starts a new cache when goodLen is 0.
func openCacheWriter(path, id string, goodLen int64) (*cacheWriter, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open embedding cache: %w", err)
	}
	// Vectors say much of the texts they embed: owner only, as the
	// snapshot.
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return nil, fmt.Errorf("open embedding cache: %w", err)
	}
	cw := &cacheWriter{f: f, id: id}
	if err := f.Truncate(goodLen); err != nil {
		f.Close()
		return nil, fmt.Errorf("open embedding cache: %w", err)
	}
	if _, err := f.Seek(goodLen, io.SeekStart); err != nil {
		f.Close()
		return nil, fmt.Errorf("open embedding cache: %w", err)
	}
	cw.w = bufio.NewWriterSize(f, 1<<20)
	if goodLen == 0 {
		cw.w.Write(cacheMagic[:])
	}
	return cw, nil
}

// add appends one vector.
func (cw *cacheWriter) add(key textKey, v []float32) error {
	n := 2 + len(cw.id) + 32 + 4*len(v)
	b := cw.buf[:0]
	b = binary.LittleEndian.AppendUint32(b, uint32(n))
	b = binary.LittleEndian.AppendUint16(b, uint16(len(cw.id)))
	b = append(b, cw.id...)
	b = append(b, key[:]...)
	for _, x := range v {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
	}
	b = binary.LittleEndian.AppendUint32(b, crc32.Checksum(b[4:], castagnoli))
	cw.buf = b
	_, err := cw.w.Write(b)
	return err
}

// flush hands the records appended so far to the operating system.
func (cw *cacheWriter) flush() error { return cw.w.Flush() }

// close flushes, syncs and closes the file.
func (cw *cacheWriter) close() error {
	err := cw.w.Flush()
	if serr := cw.f.Sync(); err == nil {
		err = serr
	}
	if cerr := cw.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write embedding cache: %w", err)
	}
	return nil
}

// rewriteCache replaces the cache atomically with just the given vectors
// of embedder id, dropping those of texts no longer indexed.
func rewriteCache(path, id string, keys []textKey, vector func(i int) ([]float32, error)) error {
	return atomicfile.Write(path, func(w io.Writer) error {
		if _, err := w.Write(cacheMagic[:]); err != nil {
			return err
		}
		cw := &cacheWriter{w: bufio.NewWriter(w), id: id}
		seen := make(map[textKey]bool, len(keys))
		for i, k := range keys {
			if seen[k] {
				continue
			}
			seen[k] = true
			v, err := vector(i)
			if err != nil {
				return err
			}
			if err := cw.add(k, v); err != nil {
				return err
			}
		}
		return cw.w.Flush()
	})
}
