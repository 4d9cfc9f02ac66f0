package lexical

import (
	"unicode/utf8"

	"verbatim/analysis"
)

// Spelling correction of query terms. A query term the index has never
// seen scores nothing; when it is a misspelling of an indexed term
// ("rapprt", "concurent", "Mahabarata") or an inflection the stemmer left
// apart ("contenus"/"contenu"), that costs the question its best evidence.
// Such a term of at least four letters is replaced by an indexed term one
// edit away (an insertion, deletion or substitution of a letter, or two
// adjacent letters swapped) starting with the same letter, the most
// frequent one when several are. Numbers and shorter terms are left alone,
// and so are two-edit neighbours: on the dev sets they were as often a
// different word ("gradient"/"gardien") as the intended one and added
// nothing (retrieval TestEval: with one edit, Hits@5 0.909 -> 0.911 on
// dev/fr, 0.949 -> 0.950 on dev/en, MRR@10 +0.004 / +0.003). Correction
// works on stems, so a typo that changes how a word stems ("politque"
// stems to politqu, "politique" to polit) is not caught.

// minSpellRunes is the shortest term corrected.
const minSpellRunes = 4

// spellEdits is the number of edits a correction may make.
const spellEdits = 1

// spellKey groups the vocabulary by first byte and length in runes, the
// two things a candidate correction must nearly share with the term.
type spellKey struct {
	// prefix is the control byte a cross-language term starts with
	// (analysis.Analyze's name keys), 0 for a word; first is the byte
	// after it.
	prefix, first byte
	runes         int
}

// vocabulary is the index's terms grouped by spellKey, built on the first
// correction and rebuilt when terms were added since.
type vocabulary struct {
	terms  int // len(ix.postings) when built
	groups map[spellKey][]spellTerm
}

type spellTerm struct {
	tid   int32
	runes []rune
}

// correctLocked returns the id of the indexed term a correction of t, a
// term the index lacks, or -1 when there is none. ix.mu is held for
// reading.
func (ix *Index) correctLocked(t string) int32 {
	n := utf8.RuneCountInString(t)
	if n < minSpellRunes || analysis.HasDigit(t) || crossLanguage(t) && len(t) < 2 {
		return -1
	}
	groups := ix.vocab().groups
	rs := []rune(t)
	best, bestDF := int32(-1), int32(0)
	for l := n - spellEdits; l <= n+spellEdits; l++ {
		for _, c := range groups[groupOf(t, l)] {
			df := ix.df[c.tid]
			if df == 0 || df < bestDF || df == bestDF && c.tid > best {
				continue
			}
			if EditDistance(rs, c.runes, spellEdits+1) <= spellEdits {
				best, bestDF = c.tid, df
			}
		}
	}
	return best
}

// vocab returns the vocabulary grouped for correction, rebuilding it when
// terms were added since it was built. ix.mu is held for reading.
func (ix *Index) vocab() *vocabulary {
	ix.spellMu.Lock()
	defer ix.spellMu.Unlock()
	if ix.spell != nil && ix.spell.terms == len(ix.postings) {
		return ix.spell
	}
	v := &vocabulary{terms: len(ix.postings), groups: make(map[spellKey][]spellTerm)}
	for t, tid := range ix.terms {
		if crossLanguage(t) && len(t) < 2 {
			continue
		}
		rs := []rune(t)
		if len(rs) < minSpellRunes-spellEdits {
			continue
		}
		k := groupOf(t, len(rs))
		v.groups[k] = append(v.groups[k], spellTerm{tid: tid, runes: rs})
	}
	ix.spell = v
	return v
}

// EditDistance returns the optimal string alignment distance of a and b
// (Levenshtein plus transpositions of adjacent runes), or any value >=
// limit once it is known to be at least limit.
func EditDistance(a, b []rune, limit int) int {
	if d := len(a) - len(b); d >= limit || -d >= limit {
		return limit
	}
	// Three rows: two back for transpositions.
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d = min(d, prev2[j-2]+1)
			}
			cur[j] = d
			rowMin = min(rowMin, d)
		}
		if rowMin >= limit {
			return limit
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// crossLanguage reports whether t is one of the cross-language terms of
// analysis.Analyze (a name key, a number or a month): they start with a
// control character.
func crossLanguage(t string) bool { return t != "" && t[0] < 0x20 }

// groupOf returns the vocabulary group of a term of n runes: by its first
// byte, or for a cross-language term by its control byte and the byte
// after it (all name keys start with the same control byte: one group for
// them all would make a correction scan the whole key vocabulary).
func groupOf(t string, n int) spellKey {
	if crossLanguage(t) {
		return spellKey{prefix: t[0], first: t[1], runes: n}
	}
	return spellKey{first: t[0], runes: n}
}
