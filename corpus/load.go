package corpus

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"
)

// DefaultMaxFileSize is the size above which a file is skipped unread.
const DefaultMaxFileSize = 20 << 20

// LoadOptions configures Load and LoadPath.
type LoadOptions struct {
	// MaxFileSize skips larger files; zero means DefaultMaxFileSize.
	MaxFileSize int64
	// Logger receives one line per skipped file and a summary; nil logs
	// nothing.
	Logger *slog.Logger
	// Known, when set, gives the articles of the files already loaded
	// and unchanged since: they are kept as they are and those files are
	// not read again.
	Known Known
}

// Known returns the articles loaded earlier from the corpus file at path
// (slash-separated, relative to the corpus root), and false when the file
// must be read.
type Known func(path string) ([]Article, bool)

//go:embed seed
var seedFS embed.FS

// Seed returns the embedded default corpus: one French article of April 2025.
func Seed() fs.FS {
	sub, err := fs.Sub(seedFS, "seed")
	if err != nil {
		panic(fmt.Sprintf("corpus: embedded seed: %v", err))
	}
	return sub
}

// format is how a file's content is read.
type format int

const (
	formatUnknown format = iota
	formatText
	formatMarkdown
	formatHTML
	formatJSON
	formatJSONL
)

// formatOf returns the format a file name's extension calls for.
func formatOf(name string) format {
	switch strings.ToLower(path.Ext(name)) {
	case ".txt", ".text":
		return formatText
	case ".md", ".markdown":
		return formatMarkdown
	case ".html", ".htm", ".xhtml":
		return formatHTML
	case ".json":
		return formatJSON
	case ".jsonl", ".ndjson":
		return formatJSONL
	}
	return formatUnknown
}

// unsupportedExts are documents and images someone may drop into a corpus
// that the loader cannot read: they are reported as skipped, not ignored.
var unsupportedExts = map[string]bool{
	".pdf": true, ".doc": true, ".docx": true, ".odt": true, ".rtf": true, ".epub": true,
	".pages": true, ".ppt": true, ".pptx": true, ".odp": true, ".xls": true, ".xlsx": true,
	".ods": true, ".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".webp": true,
	".tif": true, ".tiff": true, ".bmp": true, ".heic": true, ".svg": true,
}

// unsupported reports whether name is a document or image the loader
// cannot read.
func unsupported(name string) bool { return unsupportedExts[strings.ToLower(path.Ext(name))] }

// record is an article as a file gives it, before defaults are derived.
type record struct {
	// where names the record in skip reports: the path, or "path:LINE".
	where  string
	id     string
	title  string
	date   string
	parsed *Date // a date already parsed (the .txt header)
	source string
	url    string
	lang   string
	text   string
}

// set stores a header or front-matter value under its field name ("title",
// "date", "source", "url", "lang", "id"); other fields are ignored.
func (r *record) set(field, value string) {
	switch field {
	case "date":
		r.date = value
	case "title":
		r.title = value
	case "source":
		r.source = value
	case "url":
		r.url = value
	case "lang":
		r.lang = value
	case "id":
		r.id = value
	}
}

// loader holds the state of one Load call.
type loader struct {
	fsys fs.FS
	opts LoadOptions
	log  *slog.Logger
	res  Result
	byID map[string]string // article id -> path it came from
}

// Load reads every article file under the root of fsys, recursively: .txt
// (with optional header lines), .md and .markdown, .html and .htm, .json
// (an object or an array of objects) and .jsonl or .ndjson. Hidden files and
// directories and other extensions are ignored, but documents and images
// (PDF, DOCX, ODT, PNG…) are reported as skipped with "unsupported format". A file or record that cannot
// be loaded (unreadable, binary, empty, too large, malformed, not text, a
// duplicate id) is reported in Result.Skipped and the rest still loads.
// Articles are sorted by ID. Load fails only when ctx is done or the root
// cannot be read.
func Load(ctx context.Context, fsys fs.FS, opts LoadOptions) (*Result, error) {
	l := newLoader(fsys, opts)
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		if err != nil {
			if p == "." {
				return fmt.Errorf("read corpus root: %w", err)
			}
			l.skip(p, "unreadable: "+errText(err))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		f := formatOf(p)
		if f == formatUnknown {
			if unsupported(p) {
				l.skip(p, "unsupported format: "+strings.ToLower(path.Ext(p)))
			}
			return nil
		}
		l.loadFile(p, f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return l.finish(), nil
}

// LoadPath loads the corpus at path, a directory (as Load does) or a single
// file, whose article id is then its base name. A single file with an
// unknown extension is read as plain text, unless it is a document or an
// image the loader cannot read (reported as an unsupported format).
func LoadPath(ctx context.Context, path string, opts LoadOptions) (*Result, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("load corpus: %w", err)
	}
	if info.IsDir() {
		return Load(ctx, os.DirFS(path), opts)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	dir, name := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	l := newLoader(os.DirFS(dir), opts)
	f := formatOf(name)
	switch {
	case f == formatUnknown && unsupported(name):
		l.skip(name, "unsupported format: "+strings.ToLower(filepath.Ext(name)))
	case f == formatUnknown:
		l.loadFile(name, formatText)
	default:
		l.loadFile(name, f)
	}
	return l.finish(), nil
}

func newLoader(fsys fs.FS, opts LoadOptions) *loader {
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &loader{fsys: fsys, opts: opts, log: log, byID: map[string]string{}}
}

// skip records that where could not be loaded.
func (l *loader) skip(where, reason string) {
	l.log.Warn("corpus: skipped", "path", where, "reason", reason)
	l.res.Skipped = append(l.res.Skipped, Skipped{Path: where, Reason: reason})
}

// warn records that where was loaded with a caveat.
func (l *loader) warn(where, message string) {
	l.log.Warn("corpus: loaded with a caveat", "path", where, "warning", message)
	l.res.Warnings = append(l.res.Warnings, Warning{Path: where, Message: message})
}

// mediaTypeOf is the media type a file of format f is decoded as: HTML may
// declare its charset in a meta tag or an XML declaration, the other
// formats only by a byte-order mark (JSON is UTF-8 by definition).
func mediaTypeOf(f format) string {
	if f == formatHTML {
		return "text/html"
	}
	return "text/plain"
}

// errText is err's message without the path prefix fs errors carry.
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Op + ": " + pe.Err.Error()
	}
	return err.Error()
}

// loadFile reads the file at p in format f and adds its articles.
func (l *loader) loadFile(p string, f format) {
	if l.opts.Known != nil {
		if arts, ok := l.opts.Known(p); ok {
			for _, a := range arts {
				l.keep(p, p, a)
			}
			return
		}
	}
	info, err := fs.Stat(l.fsys, p)
	if err != nil {
		l.skip(p, "unreadable: "+errText(err))
		return
	}
	if !info.Mode().IsRegular() {
		return
	}
	if info.Size() > l.opts.MaxFileSize {
		l.skip(p, fmt.Sprintf("too large: %d bytes (limit %d)", info.Size(), l.opts.MaxFileSize))
		return
	}
	b, err := fs.ReadFile(l.fsys, p)
	if err != nil {
		l.skip(p, "unreadable: "+errText(err))
		return
	}
	dec, err := Decode(b, mediaTypeOf(f))
	if err != nil {
		l.skip(p, err.Error())
		return
	}
	if w := dec.Warning(); w != "" {
		l.warn(p, w)
	}
	text := dec.Text
	if strings.TrimSpace(text) == "" {
		l.skip(p, "empty file")
		return
	}
	var recs []record
	switch f {
	case formatText:
		recs = []record{parseText(text)}
	case formatMarkdown:
		recs = []record{parseMarkdown(text)}
	case formatHTML:
		r, err := parseHTML(text)
		if err != nil {
			l.skip(p, err.Error())
			return
		}
		recs = []record{r}
	case formatJSON, formatJSONL:
		var skips []Skipped
		recs, skips = parseJSON(p, text, f == formatJSONL)
		for _, s := range skips {
			l.skip(s.Path, s.Reason)
		}
	}
	for i := range recs {
		if recs[i].where == "" {
			recs[i].where = p
		}
		l.add(p, recs[i])
	}
}

// add completes a record into an article and keeps it unless its id is
// taken.
func (l *loader) add(p string, r record) {
	a := Article{Path: p, ID: r.id, Source: r.source, URL: r.url}
	if a.ID == "" {
		a.ID = p
	}
	a.Text = strings.TrimSpace(r.text)
	if a.Text == "" {
		l.skip(r.where, "empty: no text")
		return
	}
	if prev, ok := l.byID[a.ID]; ok {
		l.skip(r.where, fmt.Sprintf("duplicate id %q (first loaded from %s)", a.ID, prev))
		return
	}
	switch {
	case r.parsed != nil:
		a.Date = *r.parsed
	case strings.TrimSpace(r.date) != "":
		d, err := ParseDate(r.date)
		if err != nil {
			l.log.Warn("corpus: unreadable date, article kept without date", "path", r.where, "date", clipDate(r.date))
		} else {
			a.Date = d
		}
	}
	a.Lang = normLang(r.lang)
	if a.Lang == "" {
		a.Lang = DetectLang(a.Text)
	}
	a.Title = strings.Join(strings.Fields(r.title), " ")
	if a.Title == "" {
		a.Title = titleFrom(a.Text)
	}
	a.Hash = hashArticle(a)
	l.keep(p, r.where, a)
}

// keep adds article a of file p unless its id is taken (where says where
// it was read).
func (l *loader) keep(p, where string, a Article) {
	if prev, ok := l.byID[a.ID]; ok {
		l.skip(where, fmt.Sprintf("duplicate id %q (first loaded from %s)", a.ID, prev))
		return
	}
	l.byID[a.ID] = p
	l.res.Articles = append(l.res.Articles, a)
}

// finish sorts the articles and returns the result.
func (l *loader) finish() *Result {
	sort.SliceStable(l.res.Articles, func(i, j int) bool { return l.res.Articles[i].ID < l.res.Articles[j].ID })
	l.log.Info("corpus: loaded", "articles", len(l.res.Articles), "skipped", len(l.res.Skipped))
	res := l.res
	return &res
}

// normLang lower-cases a given language tag and keeps its first two
// letters: "fr-FR" is "fr".
func normLang(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) > 2 {
		s = s[:2]
	}
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return ""
		}
	}
	return s
}

// titleMax is the longest derived title, in characters, before "…".
const titleMax = 80

// titleFrom derives a display title from the first sentence of text: quotes
// trimmed, cut at a word boundary near 80 characters with "…".
func titleFrom(text string) string {
	spans := Sentences(text)
	if len(spans) == 0 {
		return ""
	}
	s := strings.Join(strings.Fields(text[spans[0][0]:spans[0][1]]), " ")
	s = strings.Trim(s, "«»\"“”„'‘’ \u00a0\u202f")
	if utf8.RuneCountInString(s) <= titleMax {
		s = strings.TrimRight(s, ". \u00a0\u202f«»\"“”")
		return s
	}
	cut := 0
	for i := range s {
		if utf8.RuneCountInString(s[:i]) > titleMax {
			break
		}
		if s[i] == ' ' {
			cut = i
		}
	}
	if cut == 0 {
		n := 0
		for i := range s {
			if n == titleMax {
				cut = i
				break
			}
			n++
		}
	}
	return strings.TrimRight(s[:cut], " ,;:«»\"“”-–") + "…"
}

// hashArticle is the hex SHA-256 of everything in a but Path and Hash.
func hashArticle(a Article) string {
	h := sha256.New()
	for _, s := range []string{a.ID, a.Title, a.Date.String(), a.Source, a.URL, a.Lang, a.Text} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}
