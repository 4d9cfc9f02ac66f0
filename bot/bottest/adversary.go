// Package bottest holds test data shared by the core's and the adapters'
// tests: a hostile model reply over the embedded seed corpus.
package bottest

import (
	"regexp"
	"strconv"
	"strings"
)

// TrueQuote is a sentence of the seed article, quoted exactly by the
// hostile reply.
const TrueQuote = "La Russie n’oubliera jamais ses amis de Corée du Nord"

// Forbidden lists spans of the hostile reply that no screen may ever
// show, inside or outside quotation marks: fabricated or altered words, a
// figure in no passage, a sentence citing a passage that does not exist,
// and the text after a quotation mark that never closes.
var Forbidden = []string{
	"pris Kiev",            // fabricated quotation
	"de manière opération", // altered quotation
	"Kiev est tombée",      // fabricated quotation nested 50 deep
	"987",                  // figure in no passage
	"Kremlin a confirmé",   // sentence citing [9] with 3 passages
	"Odessa",               // the 200 KB after an unclosed «
	"ennemis de Kiev",      // fabricated segment of an elided quotation
	"neuf cent mille",      // figure in words in no passage
	"en mai 2025",          // month and year in no passage
}

// Removed is how many statements of the hostile reply a verifier must
// remove: every sentence holding a Forbidden span but the last, which runs
// past the reply cap.
const Removed = 8

// HostileQuestion is the question the hostile reply answers.
const HostileQuestion = "Qu’a déclaré Maria Zakharova ?"

// HostileReply is a model answer to HostileQuestion over the answer
// prompt's passages: a true quote, a fabricated one, an altered one, a
// fabricated one nested 50 deep, a figure absent from the passages, an
// elided quotation with a fabricated segment, a figure in words and a
// month-year absent from the passages, a marker [9] (the prompt is meant
// to hold 3 passages), then an unclosed « followed by about 200 KB of
// fabricated text.
func HostileReply(prompt string) string {
	n := strconv.Itoa(max(PassageNumber(prompt, TrueQuote), 1))
	var b strings.Builder
	b.WriteString("Maria Zakharova a déclaré : « " + TrueQuote + " » [" + n + "]. ")
	b.WriteString("Elle a ajouté : « Les troupes nord-coréennes ont pris Kiev » [" + n + "]. ")
	b.WriteString("Le journal note que « les militaires de la Corée du Nord ont contribué de manière opération à la défaite des forces néo-nazies ukrainiennes » [1]. ")
	b.WriteString("Puis " + strings.Repeat("« selon eux ", 50) + "Kiev est tombée" + strings.Repeat(" »", 50) + " [" + n + "]. ")
	b.WriteString("Les pertes s’élèvent à 987 000 soldats [" + n + "]. ")
	b.WriteString("Elle a aussi dit : « La Russie n’oubliera jamais … ses ennemis de Kiev » [" + n + "]. ")
	b.WriteString("Les pertes s’élèvent à neuf cent mille soldats [" + n + "]. ")
	b.WriteString("Elle l’a répété en mai 2025 [" + n + "]. ")
	b.WriteString("Le Kremlin a confirmé cette déclaration [9].\n")
	b.WriteString("Enfin « ")
	for b.Len() < 200<<10 {
		b.WriteString("Les troupes nord-coréennes ont pris Odessa. ")
	}
	return b.String()
}

// PassageNumber returns the number of the answer-prompt passage holding
// s, or 0.
func PassageNumber(prompt, s string) int {
	locs := passageStart.FindAllStringSubmatchIndex(prompt, -1)
	for i, l := range locs {
		end := len(prompt)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		if strings.Contains(prompt[l[0]:end], s) {
			n, _ := strconv.Atoi(prompt[l[2]:l[3]])
			return n
		}
	}
	return 0
}

// Passages returns how many passages an answer prompt holds.
func Passages(prompt string) int { return len(passageStart.FindAllStringIndex(prompt, -1)) }

var passageStart = regexp.MustCompile(`(?m)^\[(\d+)\] `)
