package analysis

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// foldTable maps lower-case Latin and Cyrillic letters with diacritics to
// their base letters. Letters absent from it fold to themselves.
var foldTable = buildFoldTable()

func buildFoldTable() map[rune]string {
	groups := []struct{ from, to string }{
		{"àáâãäåāăąǎȁȃȧạảấầẩẫậắằẳẵặ", "a"},
		{"çćĉċč", "c"},
		{"ďđ", "d"},
		{"èéêëēĕėęěȅȇẹẻẽếềểễệ", "e"},
		{"ĝğġģ", "g"},
		{"ĥħ", "h"},
		{"ìíîïĩīĭįıǐȉȋịỉ", "i"},
		{"ĵ", "j"},
		{"ķ", "k"},
		{"ĺļľŀł", "l"},
		{"ñńņňŉ", "n"},
		{"òóôõöøōŏőǒȍȏơọỏốồổỗộớờởỡợ", "o"},
		{"ŕŗř", "r"},
		{"śŝşšș", "s"},
		{"ţťŧț", "t"},
		{"ùúûüũūŭůűųǔưụủứừửữự", "u"},
		{"ŵ", "w"},
		{"ýÿŷỳỵỷỹ", "y"},
		{"źżž", "z"},
		{"ё", "е"},
		{"ї", "і"},
	}
	t := map[rune]string{
		'œ': "oe", 'æ': "ae", 'ß': "ss", 'þ': "th", 'ð': "d",
		'ﬁ': "fi", 'ﬂ': "fl",
	}
	for _, g := range groups {
		for _, r := range g.from {
			t[r] = g.to
		}
	}
	return t
}

// Fold returns s lower-cased, with diacritics removed ("Éléphant" ->
// "elephant", "Œuvre" -> "oeuvre"), typographic apostrophes turned into "'"
// and typographic double quotes into '"'. Combining marks are dropped, so
// decomposed and precomposed accents fold alike. Spacing is kept as is.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		foldRune(&b, r)
	}
	return b.String()
}

// foldRune writes the folded form of r to b.
func foldRune(b *strings.Builder, r rune) {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		b.WriteByte(byte(r))
		return
	}
	switch {
	case IsApostrophe(r):
		b.WriteByte('\'')
		return
	case IsQuote(r):
		b.WriteByte('"')
		return
	case unicode.Is(unicode.Mn, r):
		return
	}
	r = unicode.ToLower(r)
	if f, ok := foldTable[r]; ok {
		b.WriteString(f)
		return
	}
	b.WriteRune(r)
}

// foldWord folds an already lower-cased word; it returns w itself when w
// is plain ASCII, without allocating.
func foldWord(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf || ('A' <= w[i] && w[i] <= 'Z') {
			ascii = false
			break
		}
	}
	if ascii {
		return w
	}
	return Fold(w)
}
