package feeds

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"verbatim/corpus"
	"verbatim/internal/atomicfile"
)

// Article is a fetched article, ready to be stored as a corpus file.
type Article struct {
	Title string
	// Date is the publication date at its precision ("2025-04-03",
	// "2025-04"), "" when unknown.
	Date   string
	Source string
	// URL is the canonical URL.
	URL  string
	Text string
}

// articleFile is the stored form, a JSON object the corpus loader reads.
type articleFile struct {
	Title  string `json:"title"`
	Date   string `json:"date,omitempty"`
	Source string `json:"source,omitempty"`
	URL    string `json:"url,omitempty"`
	Text   string `json:"text"`
}

// contentHash identifies an article's text whatever its URL: two feeds
// carrying the same dispatch store it once.
func contentHash(text string) string {
	sum := sha256.Sum256([]byte(strings.Join(strings.Fields(strings.ToLower(text)), " ")))
	return hex.EncodeToString(sum[:])
}

// store writes a under folder (relative to root) unless an article with the
// same canonical URL or the same text is stored already; then it keeps the
// earliest of the two dates and reports a duplicate.
func (s *state) store(root, folder string, a Article, now time.Time) (e *Entry, dup bool, err error) {
	hash := contentHash(a.Text)
	prev := s.Articles[a.URL]
	if prev == nil {
		if u, ok := s.Hashes[hash]; ok {
			prev = s.Articles[u]
		}
	}
	if prev != nil {
		if earlier(a.Date, prev.Date) {
			if err := rewriteDate(filepath.Join(root, filepath.FromSlash(prev.Path)), a.Date); err != nil {
				return prev, true, err
			}
			prev.Date = a.Date
		}
		return prev, true, nil
	}
	date := a.Date
	if len(date) > 10 {
		date = date[:10]
	}
	if date == "" {
		date = "undated"
	}
	dir := folder
	if a.Source != "" {
		dir = folder + "/" + slug(a.Source, 40)
	}
	base := date + "-" + slug(a.Title, 60)
	rel := dir + "/" + base + ".json"
	for i := 2; ; i++ {
		if !taken(filepath.Join(root, filepath.FromSlash(rel)), a.URL, hash) {
			break
		}
		rel = fmt.Sprintf("%s/%s-%d.json", dir, base, i)
	}
	data, err := json.MarshalIndent(articleFile{Title: a.Title, Date: a.Date, Source: a.Source, URL: a.URL, Text: a.Text}, "", " ")
	if err != nil {
		return nil, false, fmt.Errorf("store %s: %w", a.URL, err)
	}
	if err := atomicfile.WriteFile(filepath.Join(root, filepath.FromSlash(rel)), data); err != nil {
		return nil, false, err
	}
	e = &Entry{URL: a.URL, Hash: hash, Path: rel, Title: a.Title, Date: a.Date, Source: a.Source, Added: now}
	key := a.URL
	if key == "" {
		key = "hash:" + hash
	}
	s.Articles[key] = e
	s.Hashes[hash] = key
	return e, false, nil
}

// scan records the articles stored under root's feeds and inbox folders
// that the state does not know (a pass killed before it saved), so they are
// never stored twice.
func (s *state) scan(root string) {
	for _, folder := range []string{FeedsFolder, InboxFolder} {
		filepath.WalkDir(filepath.Join(root, folder), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") || strings.HasPrefix(d.Name(), ".") {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return nil
			}
			var f articleFile
			if json.Unmarshal(data, &f) != nil || f.Text == "" {
				return nil
			}
			hash := contentHash(f.Text)
			key := f.URL
			if key == "" {
				key = "hash:" + hash
			}
			if _, ok := s.Articles[key]; ok {
				return nil
			}
			if _, ok := s.Hashes[hash]; ok {
				return nil
			}
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return nil
			}
			info, _ := d.Info()
			var added time.Time
			if info != nil {
				added = info.ModTime()
			}
			s.Articles[key] = &Entry{URL: f.URL, Hash: hash, Path: filepath.ToSlash(rel), Title: f.Title, Date: f.Date, Source: f.Source, Added: added}
			s.Hashes[hash] = key
			return nil
		})
	}
}

// taken reports whether path holds another article than the one with url
// and hash: a file left by a pass interrupted before it saved its state
// holds the same article, and is overwritten rather than duplicated.
func taken(path, url, hash string) bool {
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return false
	}
	var f articleFile
	if err != nil || json.Unmarshal(data, &f) != nil {
		return true
	}
	return !(url != "" && f.URL == url) && contentHash(f.Text) != hash
}

// earlier reports whether date a is before date b; an unknown date is
// never earlier, and any known date is earlier than an unknown one.
func earlier(a, b string) bool {
	da, err := corpus.ParseDate(a)
	if err != nil || da.IsZero() {
		return false
	}
	db, err := corpus.ParseDate(b)
	if err != nil || db.IsZero() {
		return true
	}
	return da.Time.Before(db.Time)
}

// rewriteDate changes the date of a stored article file.
func rewriteDate(path, date string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("update date: %w", err)
	}
	var f articleFile
	if err := json.Unmarshal(data, &f); err != nil {
		return fmt.Errorf("update date of %s: %w", path, err)
	}
	f.Date = date
	data, err = json.MarshalIndent(f, "", " ")
	if err != nil {
		return fmt.Errorf("update date of %s: %w", path, err)
	}
	return atomicfile.WriteFile(path, data)
}

// slug is s lower-cased, accents folded, every other run of characters a
// hyphen, cut at max bytes: "Élections : 1er tour" is "elections-1er-tour".
func slug(s string, max int) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		default:
			dash = true
		}
		if b.Len() >= max {
			break
		}
	}
	out := strings.Trim(b.String(), "-")
	if len(out) > max {
		out = strings.Trim(out[:max], "-")
	}
	if out == "" {
		return "untitled"
	}
	return out
}
