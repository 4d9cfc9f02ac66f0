package engine

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"verbatim/analysis"
)

// folded is a text normalised for quote matching, with a map from each of
// its bytes back to the original text. Folding lower-cases, removes
// accents, turns typographic apostrophes into ' and every kind of double
// quote (« » “ ” „) into ", dashes (‐ ‑ – — ― −) into -, "…" into "...",
// collapses whitespace runs (no-break and thin spaces included) into one
// space, and drops spaces next to a double quote and before : ; ! ? so
// that French and English typographic spacing fold alike.
type folded struct {
	text string
	// start[i] and end[i] delimit, in the original, the rune that gave
	// folded byte i.
	start, end []int
}

// foldText folds s; offsets are shifted by base.
func foldText(s string, base int) folded {
	f := folded{start: make([]int, 0, len(s)), end: make([]int, 0, len(s))}
	var b []byte
	spaceAt, spaceEnd := -1, -1 // pending space, not yet written
	emit := func(piece string, from, to int) {
		for i := 0; i < len(piece); i++ {
			b = append(b, piece[i])
			f.start = append(f.start, base+from)
			f.end = append(f.end, base+to)
		}
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		from, to := i, i+size
		i = to
		if unicode.IsSpace(r) {
			if spaceAt < 0 {
				spaceAt = from
			}
			spaceEnd = to
			continue
		}
		piece := foldRuneForMatch(r)
		if piece == "" {
			// A dropped combining mark belongs to the rune before it.
			for k := len(f.end) - 1; k >= 0 && f.end[k] == base+from; k-- {
				f.end[k] = base + to
			}
			continue
		}
		if spaceAt >= 0 {
			if len(b) > 0 && b[len(b)-1] != '"' && !strings.ContainsAny(piece[:1], `":;!?`) {
				emit(" ", spaceAt, spaceEnd)
			}
			spaceAt = -1
		}
		emit(piece, from, to)
	}
	f.text = string(b)
	return f
}

// foldRuneForMatch returns the folded form of one rune.
func foldRuneForMatch(r rune) string {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return string(r)
	}
	switch r {
	case '‐', '‑', '‒', '–', '—', '―', '−':
		return "-"
	case '…':
		return "..."
	case '‹', '›':
		return "'"
	}
	return analysis.Fold(string(r))
}

// foldQuote folds a quotation from model output for searching, with its
// surrounding spaces trimmed.
func foldQuote(q string) string {
	return strings.TrimSpace(foldText(q, 0).text)
}

// find returns the original byte span of the first occurrence of needle (a
// folded text) in f that starts and ends on word boundaries of the
// original.
func (f folded) find(needle string, original string, base int) (start, end int, ok bool) {
	start, end, _, ok = f.findFrom(needle, original, base, 0)
	return start, end, ok
}

// findFrom is find starting at folded byte from; next is the folded
// offset just past the occurrence found.
func (f folded) findFrom(needle string, original string, base, from int) (start, end, next int, ok bool) {
	if needle == "" {
		return 0, 0, 0, false
	}
	for off := from; off <= len(f.text)-len(needle); {
		k := strings.Index(f.text[off:], needle)
		if k < 0 {
			return 0, 0, 0, false
		}
		i, j := off+k, off+k+len(needle)
		s, e := f.start[i], f.end[j-1]
		if boundary(original, s-base, e-base) {
			return s, e, j, true
		}
		off = i + 1
	}
	return 0, 0, 0, false
}

// boundary reports whether original[s:e] neither begins nor ends inside a
// word: a span starting (ending) with a letter or digit must not be
// preceded (followed) by one.
func boundary(original string, s, e int) bool {
	first, _ := utf8.DecodeRuneInString(original[s:])
	if isWordRune(first) && s > 0 {
		prev, _ := utf8.DecodeLastRuneInString(original[:s])
		if isWordRune(prev) {
			return false
		}
	}
	last, _ := utf8.DecodeLastRuneInString(original[:e])
	if isWordRune(last) && e < len(original) {
		next, _ := utf8.DecodeRuneInString(original[e:])
		if isWordRune(next) {
			return false
		}
	}
	return true
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}
