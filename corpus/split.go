package corpus

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ChunkOptions sizes the chunks Split makes, in words (runs of non-space
// characters). Zero MinWords, MaxWords or TargetWords take the values of
// DefaultChunkOptions; zero OverlapSentences means no overlap.
type ChunkOptions struct {
	// MinWords is the size under which a chunk is not cut at a paragraph
	// break; an article shorter than that is one chunk.
	MinWords int `json:"min_words"`
	// MaxWords is the hard ceiling; only a sentence longer than that is cut
	// inside, at word boundaries.
	MaxWords int `json:"max_words"`
	// TargetWords is the size at which a chunk is closed at the next
	// sentence boundary.
	TargetWords int `json:"target_words"`
	// OverlapSentences is how many sentences of a chunk are repeated at the
	// start of the next one.
	OverlapSentences int `json:"overlap_sentences"`
}

// DefaultChunkOptions gives passages of about 230-260 words, with one
// sentence of overlap. Measured on the retrieval dev sets (retrieval
// TestEval): against a 200-word target, 250 raises MRR@10 by 0.014 (fr)
// and 0.006 (en) for 45 more words per passage; overlapping two sentences
// gains nothing.
var DefaultChunkOptions = ChunkOptions{MinWords: 200, MaxWords: 380, TargetWords: 250, OverlapSentences: 1}

// group is the units of one chunk: [first, last), where own is the first
// unit that is not overlap; words counts them all.
type group struct{ first, own, last, words int }

// unit is a sentence, or a piece of a sentence longer than MaxWords.
type unit struct {
	start, end int
	words      int
	para       bool // starts a paragraph
}

// Split cuts an article into sentence-aligned chunks of about
// o.TargetWords words, never more than o.MaxWords unless a single sentence
// piece is. Chunks are cut at paragraph breaks once they hold o.MinWords,
// else at the first sentence boundary after o.TargetWords; each chunk but
// the first starts with the last o.OverlapSentences sentences of the
// previous one when they are short enough (a quarter of the target at
// most), counted in its size. A short last chunk is merged
// into the previous one. Every chunk's Text is a.Text[Start:End].
func Split(a Article, o ChunkOptions) []Chunk {
	o = o.withDefaults()
	units := splitUnits(a.Text, o.MaxWords)
	if len(units) == 0 {
		return nil
	}
	total := 0
	for _, u := range units {
		total += u.words
	}
	var groups []group
	if total < o.MinWords {
		groups = []group{{0, 0, len(units), total}}
	} else {
		cur := group{}
		for i, u := range units {
			if cur.last > cur.own {
				closeIt := false
				switch {
				case cur.words+u.words > o.MaxWords:
					closeIt = true
				case u.para && cur.words >= o.MinWords:
					closeIt = true
				case cur.words >= o.TargetWords:
					// Finish the paragraph instead when little of it is left.
					rest := paraRest(units, i)
					closeIt = rest > o.TargetWords/4 || cur.words+rest > o.MaxWords
				}
				if closeIt {
					groups = append(groups, cur)
					first, words := overlap(units, cur, i, o)
					cur = group{first: first, own: i, last: i, words: words}
				}
			}
			cur.last = i + 1
			cur.words += u.words
		}
		groups = append(groups, cur)
		// Merge a short tail into the previous chunk when that stays under
		// the ceiling.
		if n := len(groups); n > 1 {
			last, prev := groups[n-1], groups[n-2]
			own := 0
			for _, u := range units[last.own:last.last] {
				own += u.words
			}
			if own < o.MinWords/2 && prev.words+own <= o.MaxWords {
				groups[n-2] = group{prev.first, prev.own, last.last, prev.words + own}
				groups = groups[:n-1]
			}
		}
	}
	chunks := make([]Chunk, 0, len(groups))
	for i, g := range groups {
		start, end := units[g.first].start, units[g.last-1].end
		chunks = append(chunks, Chunk{
			ID:     a.ID + "#" + strconv.Itoa(i),
			DocID:  a.ID,
			Index:  i,
			Start:  start,
			End:    end,
			Text:   a.Text[start:end],
			Title:  a.Title,
			Date:   a.Date,
			Source: a.Source,
			URL:    a.URL,
			Lang:   a.Lang,
		})
	}
	return chunks
}

// paraRest counts the words from unit i to the end of its paragraph.
func paraRest(units []unit, i int) int {
	n := 0
	for j := i; j < len(units) && (j == i || !units[j].para); j++ {
		n += units[j].words
	}
	return n
}

// overlap returns the first unit and the word count a chunk starting at unit
// next begins with, after the chunk prev: up to o.OverlapSentences of prev's
// last units, while they stay a small part of a chunk (a quarter of the
// target) and are not all of prev.
func overlap(units []unit, prev group, next int, o ChunkOptions) (int, int) {
	first, words := next, 0
	limit := o.TargetWords / 4
	for k := 0; k < o.OverlapSentences && first-1 > prev.own; k++ {
		u := units[first-1]
		if words+u.words > limit || words+u.words+units[next].words > o.MaxWords {
			break
		}
		words += u.words
		first--
	}
	return first, words
}

// withDefaults fills zero sizes from DefaultChunkOptions and keeps them
// consistent.
func (o ChunkOptions) withDefaults() ChunkOptions {
	if o.MaxWords <= 0 {
		o.MaxWords = DefaultChunkOptions.MaxWords
	}
	if o.MinWords <= 0 {
		o.MinWords = DefaultChunkOptions.MinWords
	}
	if o.TargetWords <= 0 {
		o.TargetWords = DefaultChunkOptions.TargetWords
	}
	if o.MinWords > o.MaxWords {
		o.MinWords = o.MaxWords
	}
	if o.TargetWords > o.MaxWords {
		o.TargetWords = o.MaxWords
	}
	if o.TargetWords < o.MinWords {
		o.TargetWords = o.MinWords
	}
	if o.OverlapSentences < 0 {
		o.OverlapSentences = 0
	}
	return o
}

// splitUnits returns the sentences of text as units, cutting the ones longer
// than maxWords into pieces of near-equal size at word boundaries (see
// pieceEnd). A piece of a sentence is not a sentence: Partial tells a
// quote of one, to be shown with "…" at the cut.
func splitUnits(text string, maxWords int) []unit {
	spans := Sentences(text)
	units := make([]unit, 0, len(spans))
	prevEnd := 0
	for i, sp := range spans {
		para := i == 0 || strings.Count(text[prevEnd:sp[0]], "\n") >= 2
		prevEnd = sp[1]
		words := wordSpans(text, sp[0], sp[1])
		if len(words) <= maxWords {
			units = append(units, unit{sp[0], sp[1], len(words), para})
			continue
		}
		pieces := (len(words) + maxWords - 1) / maxWords
		size := (len(words) + pieces - 1) / pieces
		for p, k := 0, 0; p < len(words); k++ {
			q := pieceEnd(text, words, p, size, maxWords, pieces-k-1)
			units = append(units, unit{words[p][0], words[q-1][1], q - p, para && p == 0})
			p = q
		}
	}
	return units
}

// pieceEnd returns the end (a word index) of the piece of a long sentence
// that starts at word p: size words on, moved by up to a quarter of a
// piece to follow a clause (a word ending with , ; : or a closing bracket
// or quote, or before a dash or an opening quote), so that each piece
// reads as a whole, as long as it stays within maxWords and the words left
// fit in the piecesAfter pieces that follow.
func pieceEnd(text string, words [][2]int, p, size, maxWords, piecesAfter int) int {
	ideal := min(p+size, len(words))
	if ideal == len(words) || piecesAfter <= 0 {
		return len(words)
	}
	slack := size / 4
	lo := max(p+1, ideal-slack, len(words)-piecesAfter*maxWords)
	hi := min(p+maxWords, ideal+slack, len(words)-1)
	best, bestDist := ideal, -1
	for q := lo; q <= hi; q++ {
		if !clauseEnd(text, words, q) {
			continue
		}
		d := q - ideal
		if d < 0 {
			d = -d
		}
		if bestDist < 0 || d < bestDist {
			best, bestDist = q, d
		}
	}
	return best
}

// clauseEnd reports whether a sentence may be cut before word q: the word
// before ends a clause, or word q opens an aside or a quotation.
func clauseEnd(text string, words [][2]int, q int) bool {
	prev := text[words[q-1][0]:words[q-1][1]]
	last, _ := utf8.DecodeLastRuneInString(prev)
	switch last {
	case ',', ';', ':', ')', ']', '»', '”':
		return true
	}
	next := text[words[q][0]:words[q][1]]
	first, _ := utf8.DecodeRuneInString(next)
	switch first {
	case '—', '–', '«', '“', '(':
		return true
	}
	return false
}

// Partial reports whether text[start:end] (a passage or a quote of an
// article's text) begins or ends inside a sentence of text: a sentence
// longer than a chunk is cut into pieces, and a quote of a piece must say
// so with "…" at the cut (see Marked), or it reads as a whole sentence.
// White space at either end does not count.
func Partial(text string, start, end int) (head, tail bool) {
	start, end = TrimSpan(text, max(start, 0), min(end, len(text)))
	if start >= end {
		return false, false
	}
	for _, sp := range Sentences(text) {
		if sp[0] < start && start < sp[1] {
			head = true
		}
		if sp[0] < end && end < sp[1] {
			tail = true
		}
		if sp[0] >= end {
			break
		}
	}
	return head, tail
}

// Marked returns text[start:end], trimmed, with "…" before it when it
// begins inside a sentence and after it when it ends inside one (see
// Partial): "…n°30 entre Moscou…", so a reader sees the cut.
func Marked(text string, start, end int) string {
	head, tail := Partial(text, start, end)
	s, e := TrimSpan(text, max(start, 0), min(end, len(text)))
	out := text[s:e]
	if head {
		out = "…" + out
	}
	if tail {
		out += "…"
	}
	return out
}

// wordSpans returns the byte spans of the words of text[s:e].
func wordSpans(text string, s, e int) [][2]int {
	var spans [][2]int
	start := -1
	for i := s; i < e; {
		r, n := utf8.DecodeRuneInString(text[i:e])
		if unicode.IsSpace(r) {
			if start >= 0 {
				spans = append(spans, [2]int{start, i})
				start = -1
			}
		} else if start < 0 {
			start = i
		}
		i += n
	}
	if start >= 0 {
		spans = append(spans, [2]int{start, e})
	}
	return spans
}
