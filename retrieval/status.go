package retrieval

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"verbatim/corpus"
)

// UpToDate reports whether the index saved in dir was built by e with the
// given chunking from exactly these articles, reading only the snapshot's
// header and checksum: no vector is decoded, no search structure built. When it is, the report counts
// every article as unchanged. A missing, damaged or different index is not
// up to date; only I/O errors other than a missing file are returned.
func UpToDate(dir string, e Embedder, res *corpus.Result, chunking corpus.ChunkOptions) (Report, bool, error) {
	report := Report{Skipped: res.Skipped}
	f, err := os.Open(filepath.Join(dir, SnapshotFile))
	if errors.Is(err, fs.ErrNotExist) {
		return report, false, nil
	}
	if err != nil {
		return report, false, fmt.Errorf("open index: %w", err)
	}
	defer f.Close()
	h, t, _, _, size, err := readHeader(f)
	if err != nil {
		return report, false, nil
	}
	if chunking == (corpus.ChunkOptions{}) {
		chunking = corpus.DefaultChunkOptions
	}
	m := h.Meta
	if m.embedderID() != e.ID() || m.Chunking != chunkingID(chunking) ||
		m.Fingerprint != Fingerprint(res.Articles) || !sameOrder(h.Articles, res.Articles) {
		return report, false, nil
	}
	if verifyChecksum(f, t, size) != nil {
		return report, false, nil
	}
	report.Articles = len(res.Articles)
	report.Unchanged = len(res.Articles)
	report.Chunks = len(h.Chunks)
	return report, true, nil
}
