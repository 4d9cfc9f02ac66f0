package telegram

import (
	"html"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxMessageUnits is Telegram's limit on a message's text, in UTF-16 code
// units.
const MaxMessageUnits = 4096

// utf16Len returns the length of s in UTF-16 code units: runes above U+FFFF
// count two.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// atom is an indivisible piece of a message: one tag, one HTML entity or
// one rune of text.
type atom struct {
	raw   string
	tag   string // tag name for tags, "" for text
	close bool   // a closing tag
	units int
}

// atomize cuts text into atoms. In HTML mode tags and entities are atoms of
// their own; in plain mode every rune is one.
func atomize(text string, isHTML bool) []atom {
	var atoms []atom
	for i := 0; i < len(text); {
		if isHTML && text[i] == '<' {
			if j := strings.IndexByte(text[i:], '>'); j > 0 {
				raw := text[i : i+j+1]
				name, closing := tagName(raw)
				atoms = append(atoms, atom{raw: raw, tag: name, close: closing, units: utf16Len(raw)})
				i += j + 1
				continue
			}
		}
		if isHTML && text[i] == '&' {
			if j := strings.IndexByte(text[i:], ';'); j > 1 && j < 12 {
				raw := text[i : i+j+1]
				atoms = append(atoms, atom{raw: raw, units: utf16Len(raw)})
				i += j + 1
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		atoms = append(atoms, atom{raw: text[i : i+size], units: utf16.RuneLen(r)})
		i += size
	}
	return atoms
}

// tagName returns the lower-case name of a tag such as `<a href="x">` or
// `</b>`, and whether it closes.
func tagName(raw string) (string, bool) {
	s := strings.TrimSuffix(strings.TrimPrefix(raw, "<"), ">")
	closing := strings.HasPrefix(s, "/")
	s = strings.TrimPrefix(s, "/")
	if i := strings.IndexAny(s, " \t\n"); i >= 0 {
		s = s[:i]
	}
	return strings.ToLower(s), closing
}

// Break priorities, best first. A break is placed after the atom at which it
// is recorded.
const (
	breakAny = iota
	breakWord
	breakSentence
	breakLine
	breakTopLine
	breakTopParagraph
)

// splitMessage cuts text into messages of at most limit UTF-16 units each.
// It prefers to cut between top-level paragraphs (citations), then at line
// ends, sentence ends, spaces, and only then anywhere between atoms. In HTML
// mode every open tag is closed at the end of a piece and reopened at the
// start of the next one, so that each piece is valid on its own; a tag or an
// entity is never cut.
func splitMessage(text string, limit int, isHTML bool) []string {
	text = strings.TrimSpace(text)
	if utf16Len(text) <= limit {
		if text == "" {
			return nil
		}
		return []string{text}
	}
	atoms := atomize(text, isHTML)
	var (
		pieces []string
		stack  []atom // open tags at the current position
	)
	for start := 0; start < len(atoms); {
		// Skip whitespace at the start of a piece.
		for start < len(atoms) && atoms[start].tag == "" && strings.TrimSpace(atoms[start].raw) == "" {
			start++
		}
		if start >= len(atoms) {
			break
		}
		prefix := stack
		used := 0
		for _, t := range prefix {
			used += t.units
		}
		open := append([]atom(nil), prefix...)
		best := [breakTopParagraph + 1]int{}
		for i := range best {
			best[i] = -1
		}
		var bestStack [breakTopParagraph + 1][]atom
		end := start
		for i := start; i < len(atoms); i++ {
			a := atoms[i]
			next := open
			if a.tag != "" {
				if a.close {
					for k := len(next) - 1; k >= 0; k-- {
						if next[k].tag == a.tag {
							next = append(append([]atom(nil), next[:k]...), next[k+1:]...)
							break
						}
					}
				} else {
					next = append(append([]atom(nil), next...), a)
				}
			}
			if used+a.units+closeUnits(next) > limit {
				break
			}
			used += a.units
			open = next
			end = i + 1
			if a.tag != "" && !a.close {
				// Never end a piece right after an opening tag.
				continue
			}
			kind := breakKind(atoms, i, len(open) == 0)
			for k := breakAny; k <= kind; k++ {
				best[k] = i + 1
				bestStack[k] = open
			}
		}
		if end >= len(atoms) {
			pieces = append(pieces, render(prefix, atoms[start:], nil))
			break
		}
		cut, cutStack := -1, []atom(nil)
		minFill := start + (end-start)/2
		for k := breakTopParagraph; k >= breakAny; k-- {
			if best[k] <= start {
				continue
			}
			if k >= breakTopParagraph || best[k] >= minFill || k == breakAny {
				cut, cutStack = best[k], bestStack[k]
				break
			}
		}
		if cut < 0 {
			// Not even one atom fits after the reopened tags: drop them.
			cut, cutStack = start+1, nil
			prefix = nil
		}
		pieces = append(pieces, render(prefix, atoms[start:cut], cutStack))
		stack = cutStack
		start = cut
	}
	return pieces
}

// closeUnits is the length of the closing tags for open.
func closeUnits(open []atom) int {
	n := 0
	for _, t := range open {
		n += len(t.tag) + 3
	}
	return n
}

// breakKind says how good a cut after atoms[i] is.
func breakKind(atoms []atom, i int, top bool) int {
	a := atoms[i].raw
	next := ""
	if i+1 < len(atoms) {
		next = atoms[i+1].raw
	}
	switch {
	case a == "\n" && i > 0 && atoms[i-1].raw == "\n" && top:
		return breakTopParagraph
	case a == "\n" && top:
		return breakTopLine
	case a == "\n":
		return breakLine
	case (a == " " || a == "\n") && i > 0 && strings.ContainsAny(atoms[i-1].raw, ".!?…:;"):
		return breakSentence
	case a == " " || a == "\t":
		return breakWord
	case next == " " || next == "\n":
		// A cut before the space keeps the word whole.
		return breakWord
	}
	return breakAny
}

// render writes the reopened prefix tags, the atoms with trailing whitespace
// trimmed, and closing tags for open.
func render(prefix, atoms []atom, open []atom) string {
	var b strings.Builder
	for _, t := range prefix {
		b.WriteString(t.raw)
	}
	last := len(atoms)
	for last > 0 && atoms[last-1].tag == "" && strings.TrimSpace(atoms[last-1].raw) == "" {
		last--
	}
	for _, a := range atoms[:last] {
		b.WriteString(a.raw)
	}
	// Whitespace trimmed at the end may have been followed by closing tags
	// in the kept part; close what is still open.
	for k := len(open) - 1; k >= 0; k-- {
		b.WriteString("</" + open[k].tag + ">")
	}
	return b.String()
}

// plainText turns Telegram HTML into the text a user would see: tags
// dropped, entities decoded.
func plainText(s string) string {
	var b strings.Builder
	for _, a := range atomize(s, true) {
		if a.tag != "" {
			continue
		}
		b.WriteString(a.raw)
	}
	return html.UnescapeString(b.String())
}
