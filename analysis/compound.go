package analysis

import "unicode/utf8"

// minCompoundPartRunes is the least length of each part of a split
// compound: shorter "parts" are syllables ("Ab", "Erz").
const minCompoundPartRunes = 4

// linkingEndings are the German linking elements (Fugenelemente) written
// between the parts of a compound: "Arbeit-s-markt", "Sonne-n-schein",
// "Tag-es-zeit".
var linkingEndings = []string{"s", "es", "n", "en", "e"}

// SplitCompound splits the lower-case German word w into two parts that
// known holds ("mindestlohnerhöhung" -> "mindestlohn", "erhöhung";
// "arbeitsmarkt" -> "arbeit", "markt", the linking "s" dropped), preferring
// the longest head (the last part, which carries the compound's sense) and
// then the longest modifier. It returns nil when no split has both parts
// known, or when w is known itself. known receives lower-case words as
// they would be written alone.
func SplitCompound(w string, known func(string) bool) []string {
	if known(w) {
		return nil
	}
	n := utf8.RuneCountInString(w)
	if n < 2*minCompoundPartRunes {
		return nil
	}
	r := []rune(w)
	// The head from longest to shortest: "Mindestlohnerhöhung" is
	// "Mindestlohn" + "Erhöhung", not "Mindest" + "Lohnerhöhung" unless
	// only that split is known.
	for cut := minCompoundPartRunes; cut <= n-minCompoundPartRunes; cut++ {
		head := string(r[cut:])
		if !known(head) {
			continue
		}
		mod := string(r[:cut])
		if known(mod) {
			return []string{mod, head}
		}
		for _, link := range linkingEndings {
			m := []rune(mod)
			l := utf8.RuneCountInString(link)
			if len(m)-l >= minCompoundPartRunes && string(m[len(m)-l:]) == link && known(string(m[:len(m)-l])) {
				return []string{string(m[:len(m)-l]), head}
			}
		}
	}
	return nil
}
