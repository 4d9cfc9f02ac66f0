package quotes

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"verbatim/analysis"
)

// Change is one difference between a source's words and a checked text:
// Op "delete" (Source's words are not in the text), "insert" (Text's
// words are not in the source) or "replace".
type Change struct {
	Op     string `json:"op"`
	Source string `json:"source"`
	Text   string `json:"text"`
}

// The kinds of change Check reports on an altered quote.
const (
	KindNumber          = "number_changed"
	KindNegationAdded   = "negation_added"
	KindNegationDropped = "negation_removed"
	KindReplaced        = "words_replaced"
	KindAdded           = "words_added"
	KindDropped         = "words_dropped"
	KindSpliced         = "spliced"
	KindCut             = "cut"
)

// word is a word of a text with its byte span.
type word struct {
	key        string // lower case, apostrophes unified
	start, end int
}

// WordSpans returns the byte spans of the words of s as Check reads them
// (letters, digits and the apostrophes, hyphens, dots and commas inside
// them).
func WordSpans(s string) [][2]int {
	ws := splitWords(s)
	out := make([][2]int, len(ws))
	for i, w := range ws {
		out[i] = [2]int{w.start, w.end}
	}
	return out
}

// splitWords returns the words of s (letters, digits and the apostrophes,
// hyphens, dots and commas inside them) with their spans.
func splitWords(s string) []word {
	var out []word
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			i += size
			continue
		}
		j := i + size
		for j < len(s) {
			r2, s2 := utf8.DecodeRuneInString(s[j:])
			if unicode.IsLetter(r2) || unicode.IsDigit(r2) {
				j += s2
				continue
			}
			if (analysis.IsApostrophe(r2) || r2 == '-' || r2 == '.' || r2 == ',') && j+s2 < len(s) {
				if r3, _ := utf8.DecodeRuneInString(s[j+s2:]); unicode.IsLetter(r3) || unicode.IsDigit(r3) {
					if r2 == '.' || r2 == ',' {
						// Only inside numbers: "2,5", "1.000".
						if p, _ := utf8.DecodeLastRuneInString(s[:j]); !unicode.IsDigit(p) || !unicode.IsDigit(r3) {
							break
						}
					}
					j += s2
					continue
				}
			}
			break
		}
		out = append(out, word{key: wordKey(s[i:j]), start: i, end: j})
		i = j
	}
	return out
}

// wordKey is the form two words are compared in: letter case and the
// apostrophe's style ignored, accents kept.
func wordKey(w string) string {
	w = strings.ToLower(w)
	return strings.Map(func(r rune) rune {
		if analysis.IsApostrophe(r) {
			return '\''
		}
		return r
	}, w)
}

// normalise returns s as Check compares it for an exact match: lower
// case, quotation marks and apostrophe styles unified away, white space
// collapsed and dropped next to punctuation (« morts », dit-il » and
// "morts", dit-il" are alike once the marks are gone), punctuation at
// either end trimmed. Only the space between two words is kept: words
// are never joined or split.
func normalise(s string) string {
	s = strings.ToLower(s)
	s = strings.Map(func(r rune) rune {
		switch {
		case analysis.IsQuoteMark(r) || analysis.IsQuote(r):
			return ' '
		case analysis.IsApostrophe(r):
			return '\''
		}
		return r
	}, s)
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	var b strings.Builder
	var prev rune // the last rune written, 0 at the start
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && isWord(prev) && isWord(r) {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
		prev = r
	}
	return strings.TrimFunc(b.String(), func(r rune) bool { return !isWord(r) })
}

// maxEdgeReplace is the most words at either end of a text that align
// as replaced with as many source words.
const maxEdgeReplace = 3

// alignment is the best local alignment of a text's words in a source's.
type alignment struct {
	// srcFrom, srcTo and txtFrom, txtTo bound the aligned words.
	srcFrom, srcTo, txtFrom, txtTo int
	matched                        int
	ops                            []op
}

// op is one step of an alignment: both words equal, a source word
// deleted, a text word inserted.
type op struct {
	kind     byte // '=', '-', '+'
	src, txt int
}

// align finds the region of src that best matches txt (Smith-Waterman
// over words: +2 a match, -1 a gap or a substitution) and the steps that
// turn it into txt.
func align(src, txt []word) alignment {
	n, m := len(src), len(txt)
	if n == 0 || m == 0 {
		return alignment{}
	}
	w := m + 1
	score := make([]int32, (n+1)*w)
	best, bi, bj := int32(0), 0, 0
	for i := 1; i <= n; i++ {
		for j := 1; j <= m; j++ {
			s := int32(0)
			if src[i-1].key == txt[j-1].key {
				s = score[(i-1)*w+j-1] + 2
			} else {
				s = score[(i-1)*w+j-1] - 1
			}
			s = max(s, score[(i-1)*w+j]-1, score[i*w+j-1]-1, 0)
			score[i*w+j] = s
			if s > best {
				best, bi, bj = s, i, j
			}
		}
	}
	if best == 0 {
		return alignment{}
	}
	var ops []op
	i, j := bi, bj
	for i > 0 && j > 0 && score[i*w+j] > 0 {
		s := score[i*w+j]
		switch {
		case src[i-1].key == txt[j-1].key && s == score[(i-1)*w+j-1]+2:
			ops = append(ops, op{'=', i - 1, j - 1})
			i, j = i-1, j-1
		case s == score[(i-1)*w+j]-1:
			ops = append(ops, op{'-', i - 1, j})
			i--
		case s == score[i*w+j-1]-1:
			ops = append(ops, op{'+', i, j - 1})
			j--
		default: // a substitution: a deletion and an insertion
			ops = append(ops, op{'+', i, j - 1}, op{'-', i - 1, j - 1})
			i, j = i-1, j-1
		}
	}
	for l, r := 0, len(ops)-1; l < r; l, r = l+1, r-1 {
		ops[l], ops[r] = ops[r], ops[l]
	}
	// A few words of the text left at either end against as many of the
	// source are replaced words, not words added ("… russe et chinoise"
	// for "… russe et américaine").
	if r := j; r > 0 && r <= maxEdgeReplace && i-r >= 0 {
		var lead []op
		for k := 0; k < r; k++ {
			lead = append(lead, op{'-', i - r + k, 0})
		}
		for k := 0; k < r; k++ {
			lead = append(lead, op{'+', i, k})
		}
		ops = append(lead, ops...)
		i, j = i-r, 0
	}
	if r := m - bj; r > 0 && r <= maxEdgeReplace && bi+r <= n {
		for k := 0; k < r; k++ {
			ops = append(ops, op{'-', bi + k, bj})
		}
		for k := 0; k < r; k++ {
			ops = append(ops, op{'+', bi + r, bj + k})
		}
		bi, bj = bi+r, m
	}
	a := alignment{srcFrom: i, srcTo: bi, txtFrom: j, txtTo: bj, ops: ops}
	for _, o := range ops {
		if o.kind == '=' {
			a.matched++
		}
	}
	return a
}

// changes turns an alignment into changes: runs of deleted and inserted
// words between equal ones, a run with both being a replacement; text
// words outside the aligned region are insertions.
func changes(srcText string, src []word, txtText string, txt []word, a alignment) []Change {
	var out []Change
	span := func(ws []word, text string, from, to int) string {
		if from >= to {
			return ""
		}
		return text[ws[from].start:ws[to-1].end]
	}
	if a.txtFrom > 0 {
		out = append(out, Change{Op: "insert", Text: span(txt, txtText, 0, a.txtFrom)})
	}
	for k := 0; k < len(a.ops); {
		if a.ops[k].kind == '=' {
			k++
			continue
		}
		sFrom, tFrom := -1, -1
		sTo, tTo := -1, -1
		for ; k < len(a.ops) && a.ops[k].kind != '='; k++ {
			o := a.ops[k]
			if o.kind == '-' {
				if sFrom < 0 {
					sFrom = o.src
				}
				sTo = o.src + 1
			} else {
				if tFrom < 0 {
					tFrom = o.txt
				}
				tTo = o.txt + 1
			}
		}
		c := Change{Op: "replace"}
		switch {
		case sFrom < 0:
			c.Op = "insert"
		case tFrom < 0:
			c.Op = "delete"
		}
		if sFrom >= 0 {
			c.Source = span(src, srcText, sFrom, sTo)
		}
		if tFrom >= 0 {
			c.Text = span(txt, txtText, tFrom, tTo)
		}
		out = append(out, c)
	}
	if a.txtTo < len(txt) {
		out = append(out, Change{Op: "insert", Text: span(txt, txtText, a.txtTo, len(txt))})
	}
	return out
}

// negations are the words that negate a sentence in fr, en, de, es, ru.
var negations = setOf("ne", "n'", "pas", "jamais", "not", "n't", "no", "never", "nicht", "kein", "keine", "nie", "nunca", "не", "ни", "нет")

// kinds names the kinds of change in cs, in a fixed order.
func kinds(cs []Change) []string {
	seen := map[string]bool{}
	for _, c := range cs {
		sw, tw := splitWords(c.Source), splitWords(c.Text)
		negS, negT := hasNegation(sw), hasNegation(tw)
		switch {
		case negS && !negT:
			seen[KindNegationDropped] = true
		case negT && !negS:
			seen[KindNegationAdded] = true
		}
		if c.Op == "replace" && hasNumber(sw) && hasNumber(tw) {
			seen[KindNumber] = true
			continue
		}
		switch c.Op {
		case "replace":
			if !negS && !negT || len(sw) > 1 || len(tw) > 1 {
				seen[KindReplaced] = true
			}
		case "insert":
			if !negT || len(tw) > 1 {
				seen[KindAdded] = true
			}
		case "delete":
			switch {
			case len(sw) >= 3:
				seen[KindCut] = true
			case !negS || len(sw) > 1:
				seen[KindDropped] = true
			}
		}
	}
	var out []string
	for _, k := range []string{KindNumber, KindNegationAdded, KindNegationDropped, KindReplaced, KindAdded, KindDropped, KindCut, KindSpliced} {
		if seen[k] {
			out = append(out, k)
		}
	}
	return out
}

func hasNegation(ws []word) bool {
	for _, w := range ws {
		if negations[w.key] || strings.HasPrefix(w.key, "n'") || strings.HasSuffix(w.key, "n't") {
			return true
		}
	}
	return false
}

func hasNumber(ws []word) bool {
	for _, w := range ws {
		if analysis.HasDigit(w.key) {
			return true
		}
	}
	return false
}
