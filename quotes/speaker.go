package quotes

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"verbatim/analysis"
)

// speechVerbs are the forms of the verbs that introduce quoted or reported
// speech in fr, en, ru, de and es, folded (lower case, no accents).
var speechVerbs = setOf(
	// French
	"declare", "declara", "declarait", "affirme", "affirma", "affirmait", "affirmant", "indique", "indiqua", "indiquait",
	"precise", "precisa", "ajoute", "ajouta", "ajoutant", "explique", "expliqua", "expliquait", "estime", "estima", "estimant",
	"souligne", "souligna", "annonce", "annonca", "dit", "disant", "assure", "assura", "confie", "confia", "raconte", "raconta",
	"lance", "lanca", "lache", "repond", "repondu", "repondit", "poursuit", "poursuivi", "poursuivre", "conclut", "conclu",
	"resume", "denonce", "denonca", "deplore", "deplora", "regrette", "previent", "prevenu", "averti", "avertit",
	"reconnu", "reconnait", "insiste", "rappelle", "rappele", "commente", "juge", "ecrit", "ecrivit", "releve", "admet", "admis",
	"souvient", "martele", "note", "observe", "promis", "decrit", "felicite", "rejoui", "renchérit", "rencherit", "considere",
	"pense", "evoquant", "evoque", "qualifie", "qualifier", "souhaite", "retorque", "clame", "avoue", "temoigne",
	"condamne", "appele", "ajoutait", "confirme", "confirma", "confirmait", "salue", "salua", "saluant",
	// English
	"said", "says", "say", "told", "added", "adds", "stated", "states", "explained", "noted", "warned", "claimed", "wrote",
	"insisted", "argued", "announced", "replied", "asked", "declared", "commented", "tweeted", "recalled", "concluded", "confirmed",
	"notes", "writes", "argues", "explains", "claims", "observes", "remarks", "responds", "responded", "observed", "remarked",
	"stresses", "stressed", "insists", "suggests", "suggested", "admitted", "acknowledged", "testified",
	// Russian
	"заявил", "заявила", "заявили", "сказал", "сказала", "сказали", "отметил", "отметила", "сообщил", "сообщила", "добавил",
	"добавила", "подчеркнул", "подчеркнула", "пояснил", "пояснила", "заявляет", "говорит", "считает", "написал", "написала",
	"отмечает", "пишет", "утверждает", "утверждал", "утверждала", "ответил", "ответила", "объяснил", "объяснила", "заметил",
	"заметила", "замечает", "признал", "признала", "сообщает", "объявил", "объявила", "сказано", "говорится",
	// German
	"sagte", "sagt", "erklarte", "erklart", "betonte", "meinte", "fugte", "berichtete", "teilte", "schrieb", "warnte",
	"schreibt", "betont", "meint", "sagten", "erklarten", "antwortete", "bemerkte", "stellte", "behauptete", "behauptet", "argumentierte",
	// Spanish
	"dijo", "dice", "afirmo", "declaro", "senalo", "explico", "anadio", "aseguro", "indico", "advirtio", "sostuvo", "escribio",
	"afirma", "senala", "explica", "sostiene", "responde", "respondio", "informo", "alego", "escribe", "declara", "asegura", "comento",
)

// accordingTo are the words that put a speaker before reported words:
// "selon X", "according to X", "laut X", "según X", "по словам X".
var accordingTo = setOf("selon", "d'apres", "according", "laut", "segun", "словам")

// auxiliaries and adverbs that may stand between a quotation and its
// speech verb ("», a ensuite précisé X").
var between = setOf("a", "avait", "ont", "avaient", "aurait", "s'est", "se", "s'", "est", "ensuite", "egalement", "alors", "encore",
	"aussi", "notamment", "pour", "sa", "son", "part", "lui", "leur", "l'", "y", "tout", "simplement", "meme", "ainsi", "has", "had",
	"also", "then", "later", "hat", "auch", "ha", "habia", "tambien", "—", "-", "–", ",", "elle", "ne", "n'", "pas", "cependant")

// pronouns are the subject pronouns that stand for a speaker.
var pronouns = setOf("il", "elle", "lui", "eux", "he", "she", "он", "она", "er", "sie", "el", "ella")

// speakerNouns are the nouns that describe a speaker without naming them
// ("le conseiller", "le leader russe", "le président de la République"):
// such a description stands for the person just named or quoted.
var speakerNouns = setOf("conseiller", "conseillere", "leader", "dirigeant", "dirigeante", "ministre", "president", "presidente",
	"directeur", "directrice", "chef", "maire", "secretaire", "responsable", "depute", "deputee", "senateur",
	"procureur", "procureure", "expert", "chercheur", "chercheuse", "scientifique", "universitaire", "avocat", "avocate",
	"ambassadeur", "analyste", "candidat", "candidate", "republicain", "democrate", "premier", "ex-president", "entraineur",
	"fondateur", "patron", "sociologue", "economiste", "commissaire", "juge", "ancien", "ancienne")

// voiceNouns are the nouns of what speaks for an organisation or a person
// named after them ("le communiqué du ministère", "un rapport de la Ligue
// arabe", "les analystes du groupe X", "le documentaire d'Al Jazeera").
var voiceNouns = setOf("communique", "rapport", "documentaire", "analystes", "declaration", "etude", "direction",
	"site", "journal", "services", "chercheurs", "experts", "avocat", "avocats", "dirigeants", "responsables", "representant",
	"representants", "membres", "militants", "statement", "report", "spokesman", "spokeswoman")

// prepositions mark a name after them as a complement, not a speaker
// ("à l'AFP", "du Kremlin", "in Moscow").
var prepositions = setOf("a", "au", "aux", "de", "du", "des", "d'", "sur", "dans", "en", "par", "avec", "chez", "vers", "contre", "entre",
	"of", "in", "at", "from", "by", "on", "for", "to", "with", "into", "в", "на", "из", "от", "по", "для", "von", "im", "am", "zum",
	"zur", "mit", "aus", "bei", "nach", "del", "con", "desde", "al", "pour", "apres", "lors", "depuis", "(")

// determiners may stand between a preposition and a name ("de la Cour").
var determiners = setOf("le", "la", "les", "l'", "un", "une", "the", "a", "an", "der", "die", "das", "dem", "den", "el", "los", "las")

// connectors may join the words of one name ("Corée du Nord" is no
// person, but "Charles de Gaulle", "Ursula von der Leyen" are names).
var connectors = setOf("de", "du", "van", "von", "der", "den", "al", "bin", "ben", "di", "da", "le", "la", "y")

// titles are dropped from the front of a name ("Mme Fatou Bensouda").
var titles = setOf("m", "mme", "mlle", "mr", "mrs", "ms", "dr", "pr", "me", "herr", "frau", "sr", "sra")

// notNames are capitalised words that begin a sentence without being a
// name.
var notNames = setOf("selon", "pour", "mais", "et", "dans", "apres", "avant", "lors", "depuis", "toutefois", "cependant", "ainsi",
	"neanmoins", "alors", "according", "however", "but", "and", "after", "before", "when", "il", "elle", "ils", "elles", "on", "nous",
	"je", "vous", "tu", "he", "she", "they", "we", "it", "i", "er", "sie", "es", "wir", "ich", "el", "ella", "ellos", "yo",
	"он", "она", "они", "мы", "я", "moi", "d'apres", "rappelons", "face", "surpris", "sous", "estimant", "baptise", "baptisee",
	"plus", "ong", "ngo", "des", "de", "du", "le", "la", "les", "un", "une", "ce", "cette", "ces", "son", "sa", "ses", "leur", "the", "a", "an",
	"der", "die", "das", "dem", "den", "ein", "eine", "einer", "einem", "einen", "eines", "el", "los", "las", "una",
	"this", "that", "these", "mise", "jour", "en", "au", "aux", "a", "sur", "par", "dans", "ou", "si", "quand", "comme", "tout", "tous")

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// token is a word or a punctuation mark of an attribution's text.
type token struct {
	text   string
	folded string
	upper  bool // starts with a capital
	word   bool
}

// tokenize cuts s into words and punctuation marks: a French elision is a
// word of its own ("l'AFP" is "l'" "AFP"), hyphens and inner apostrophes
// stay in the word ("a-t-il", "Moody's").
func tokenize(s string) []token {
	var out []token
	add := func(w string, word bool) {
		f := analysis.Fold(w)
		f = strings.NewReplacer("’", "'", "ʼ", "'").Replace(f)
		r, _ := utf8.DecodeRuneInString(w)
		upper := unicode.IsUpper(r) && !strings.HasSuffix(f, "'")
		if k := strings.IndexByte(w, '-'); k > 0 && k <= 3 && (f[:k] == "al" || f[:k] == "el" || f[:k] == "ben") {
			// "al-Rahman", "el-Sissi": a name after its particle.
			r2, _ := utf8.DecodeRuneInString(w[k+1:])
			upper = upper || unicode.IsUpper(r2)
		}
		out = append(out, token{text: w, folded: f, upper: upper, word: word})
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			j := i
			for j < len(s) {
				r2, s2 := utf8.DecodeRuneInString(s[j:])
				if unicode.IsLetter(r2) || unicode.IsDigit(r2) || r2 == '-' {
					j += s2
					continue
				}
				if analysis.IsApostrophe(r2) && j+s2 < len(s) {
					if r3, _ := utf8.DecodeRuneInString(s[j+s2:]); unicode.IsLetter(r3) {
						// An elision ends a word of its own.
						if el := analysis.Fold(s[i:j]); j-i <= 5 && isElision(el) && !strings.HasPrefix(analysis.Fold(s[j+s2:]), "apres") {
							j += s2
							break
						}
						j += s2
						continue
					}
				}
				break
			}
			w := strings.TrimRight(s[i:j], "-")
			if w == "" {
				w = s[i:j]
			}
			add(w, true)
			i += len(w)
		default:
			add(s[i:i+size], false)
			i += size
		}
	}
	return out
}

// isElision reports whether w (folded) is a French or Italian elided word.
func isElision(w string) bool {
	switch w {
	case "l", "d", "qu", "j", "n", "s", "c", "m", "t", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu":
		return true
	}
	return false
}

// verbOf returns the speech verb of token t (with its inverted pronoun:
// "déclare-t-il" is "declare", true) and whether t is one.
func verbOf(t token) (verb string, inverted, ok bool) {
	f := t.folded
	for _, suf := range []string{"-t-il", "-t-elle", "-t-ils", "-t-elles", "-il", "-elle", "-ils", "-elles"} {
		if strings.HasSuffix(f, suf) {
			f, inverted = strings.TrimSuffix(f, suf), true
			break
		}
	}
	return f, inverted, speechVerbs[f]
}

// nounMarkers make the word after them a noun: articles and possessives
// that are never a pronoun or an auxiliary before a verb (not "le", "la",
// "l'": "comme le rappelle X"; not "a": "X a déclaré").
var nounMarkers = setOf("des", "les", "ses", "leurs", "un", "une", "the", "an", "his", "her", "their", "its", "der", "die", "das",
	"dem", "den", "seine", "ihre", "el", "los", "las", "sus")

// nounUse reports whether the speech verb at toks[v] is a noun there: a
// word of another language written the same after a determiner or a
// possessive ("les notes" is no English "notes").
func nounUse(toks []token, v int) bool {
	return v > 0 && toks[v-1].word && nounMarkers[toks[v-1].folded]
}

// nameRun is a run of capitalised words in tokens [from, to).
type nameRun struct {
	from, to   int
	name       string
	words      int  // name words, without connectors and titles
	complement bool // after a preposition: not a speaker
}

// nameAt returns the name starting at tokens[i], if one does.
func nameAt(toks []token, i int) (nameRun, bool) {
	if i >= len(toks) || !toks[i].word || !toks[i].upper {
		return nameRun{}, false
	}
	j := i
	var parts []string
	words := 0
	for j < len(toks) {
		t := toks[j]
		switch {
		case t.word && t.upper:
			if len(parts) == 0 && (notNames[t.folded] || titles[t.folded]) && !(connectors[t.folded] && j+1 < len(toks) && toks[j+1].upper) {
				j++
				continue
			}
			if titles[t.folded] && j+1 < len(toks) && toks[j+1].text == "." {
				j += 2
				continue
			}
			if utf8.RuneCountInString(t.text) == 1 && j+1 < len(toks) && toks[j+1].text == "." {
				// An initial: "I. Ouchakov".
				parts = append(parts, t.text+".")
				j += 2
				continue
			}
			parts = append(parts, t.text)
			words++
			j++
			continue
		case t.word && len(parts) > 0 && connectors[t.folded] && j+1 < len(toks) && toks[j+1].word && toks[j+1].upper:
			parts = append(parts, t.text)
			j++
			continue
		}
		break
	}
	if words == 0 {
		return nameRun{}, false
	}
	// Trailing initials are no name.
	for len(parts) > 0 && strings.HasSuffix(parts[len(parts)-1], ".") {
		parts = parts[:len(parts)-1]
	}
	run := nameRun{from: i, to: j, name: strings.Join(parts, " "), words: words}
	k := i - 1
	for k >= 0 && toks[k].word && determiners[toks[k].folded] {
		k--
	}
	if k >= 0 && prepositions[toks[k].folded] {
		run.complement = true
	}
	// "du président José Ramón Bauzà": a title between.
	if k >= 1 && toks[k].word && !toks[k].upper && !determiners[toks[k].folded] && !pronouns[toks[k].folded] {
		k2 := k - 1
		for k2 >= 0 && toks[k2].word && determiners[toks[k2].folded] {
			k2--
		}
		if k2 >= 0 && k2 < k-1 && prepositions[toks[k2].folded] || k2 == k-1 && k2 >= 0 && (toks[k2].folded == "du" || toks[k2].folded == "au" || toks[k2].folded == "des") {
			run.complement = true
		}
	}
	return run, true
}

// names returns the name runs of toks in order.
func names(toks []token) []nameRun {
	var out []nameRun
	for i := 0; i < len(toks); {
		if r, ok := nameAt(toks, i); ok {
			out = append(out, r)
			i = r.to
			continue
		}
		i++
	}
	return out
}

// firstSpeakerName returns the first name of toks that is no complement,
// up to the end of its clause.
func firstSpeakerName(toks []token) string {
	for _, r := range names(toks) {
		if !r.complement {
			return r.name
		}
	}
	return ""
}

// clause returns toks up to the first mark ending a clause.
func clause(toks []token) []token {
	for i, t := range toks {
		if !t.word && strings.ContainsAny(t.text, ".;!?:") {
			if t.text == "." && i > 0 && toks[i-1].upper && (utf8.RuneCountInString(toks[i-1].text) == 1 || titles[toks[i-1].folded]) {
				continue
			}
			return toks[:i]
		}
		if t.word && (t.folded == "dont" || t.folded == "qui" || t.folded == "lorsqu'" || t.folded == "who" || t.folded == "when") {
			return toks[:i]
		}
	}
	return toks
}

// attributeAfter reads the speaker in the words after a quotation
// ("», a déclaré X", "», a-t-il dit", "," he said", "» selon X"). It
// reports whether the words attribute the quotation at all. resolve
// names the person a pronoun stands for, describe the one a description
// ("le conseiller") does.
func attributeAfter(lang, after string, resolve, describe func() string, recent string) (string, bool) {
	toks := tokenize(after)
	i := 0
	comma := false
	for i < len(toks) && !toks[i].word && strings.ContainsAny(toks[i].text, ",—–-") {
		comma = comma || toks[i].text == ","
		i++
	}
	if comma && (lang == "de" || lang == "") {
		if speaker, ok := germanSo(toks[i:]); ok {
			return speaker, true
		}
	}
	// "X said" / "he said".
	if i < len(toks) && toks[i].word {
		if pronouns[toks[i].folded] && i+1 < len(toks) {
			if _, _, ok := verbOf(toks[i+1]); ok {
				return resolve(), true
			}
		}
		if r, ok := nameAt(toks, i); ok && !r.complement && r.to < len(toks) {
			if _, _, ok := verbOf(toks[r.to]); ok {
				return r.name, true
			}
		}
		if accordingTo[toks[i].folded] {
			rest := toks[i+1:]
			if len(rest) > 0 && rest[0].folded == "to" {
				rest = rest[1:]
			}
			if len(rest) > 0 && pronouns[rest[0].folded] {
				return resolve(), true
			}
			return firstSpeakerName(clause(rest)), true
		}
	}
	for n := 0; i < len(toks) && n < 4; n++ {
		t := toks[i]
		if !t.word {
			return "", false
		}
		if strings.HasSuffix(t.folded, "-t-il") || strings.HasSuffix(t.folded, "-t-elle") ||
			strings.HasSuffix(t.folded, "-il") || strings.HasSuffix(t.folded, "-elle") {
			// "», a-t-il déclaré", "», tente-t-il de corriger".
			return resolve(), true
		}
		if v, _, ok := verbOf(t); ok {
			rest := toks[i+1:]
			if len(rest) > 0 && pronouns[rest[0].folded] {
				return resolve(), true
			}
			c := clause(rest)
			if name := firstSpeakerName(c); name != "" {
				return name, true
			}
			// "», résume l'universitaire": a bare description of the
			// speaker just quoted.
			if len(c) == 2 && determiners[c[0].folded] && c[1].word {
				return recent, true
			}
			if describesSpeaker(c) {
				return describe(), true
			}
			if strings.HasSuffix(v, "ant") {
				// "» évoquant…", "», ajoutant que…": a participle
				// whose subject is the sentence's, before the quotation.
				return "", false
			}
			return "", true
		}
		if !between[t.folded] {
			return "", false
		}
		i++
	}
	return "", false
}

// germanSo reads the German reported-speech construction in the words
// after a quotation's closing mark and a comma: "„…“, so Merkel", "„…“,
// so der Sprecher des Ministeriums". Only there is "so" a speech verb: it
// is one of the commonest German words ("so viel", "so dass", "und so
// weiter"). The word after "so" must be capitalised (German nouns and
// names are) or an article; ok is false when no name follows ("so der
// Sprecher"): the other rules may find it.
func germanSo(toks []token) (speaker string, ok bool) {
	if len(toks) < 2 || !toks[0].word || toks[0].folded != "so" || toks[0].upper || !toks[1].word {
		return "", false
	}
	if !toks[1].upper && !germanArticles[toks[1].folded] {
		return "", false
	}
	name := firstSpeakerName(clause(toks[1:]))
	return name, name != ""
}

// attributeBefore reads the speaker in the words of the sentence before a
// quotation ("X a déclaré : «", "Selon X, «", "Pour X, «", "X said that").
// It reports whether the words attribute the quotation at all.
func attributeBefore(lang, before, text string, resolve, describe func() string) (string, bool) {
	return attributeBeforeTokens(tokenize(before), text, resolve, describe)
}

// attributeBeforeTokens is attributeBefore on the tokens of the words.
func attributeBeforeTokens(toks []token, text string, resolve, describe func() string) (string, bool) {
	// "Selon X, « … »", "Pour X : « … »".
	for i, t := range toks {
		isFor := t.folded == "pour" && (i == 0 || i <= 2 && toks[0].folded == "mais" || i <= 2 && toks[0].folded == "et")
		if !accordingTo[t.folded] && !isFor {
			continue
		}
		rest := toks[i+1:]
		if len(rest) > 0 && (rest[0].folded == "to" || rest[0].folded == "lui" && t.folded == "pour" && len(rest) > 1 && rest[1].text == ",") {
			if rest[0].folded == "lui" {
				return resolve(), true
			}
			rest = rest[1:]
		}
		if len(rest) > 0 && pronouns[rest[0].folded] && rest[0].folded != "lui" || len(rest) > 0 && rest[0].folded == "lui" && t.folded != "pour" {
			return resolve(), true
		}
		// The name may be in an apposition: "Selon le président du
		// CERN, Michel Spiro, …".
		for seg := 0; seg < 2 && len(rest) > 0; seg++ {
			end := len(rest)
			for k, r := range rest {
				if !r.word && (r.text == "," || r.text == ":") {
					end = k
					break
				}
			}
			if name := firstSpeakerName(rest[:end]); name != "" {
				return name, true
			}
			if end == len(rest) {
				break
			}
			rest = rest[end+1:]
		}
		if !isFor {
			return "", true
		}
	}
	// The last speech verb before the quotation, and its subject.
	for v := len(toks) - 1; v >= 0; v-- {
		if _, _, ok := verbOf(toks[v]); !ok || !toks[v].word || nounUse(toks, v) {
			continue
		}
		if _, inverted, _ := verbOf(toks[v]); inverted {
			return resolve(), true
		}
		from := 0
		for k := v - 1; k >= 0; k-- {
			if !toks[k].word && (toks[k].text == ";" || toks[k].text == ":") {
				from = k + 1
				break
			}
		}
		// "comme le rappelle HRW, « … »", "comme le précise l'ambassadeur
		// …, Bernard Bajolet : « … »": the subject after its verb.
		if v >= 1 && toks[v-1].folded == "comme" || v >= 2 && toks[v-2].folded == "comme" {
			if name := firstSpeakerName(clause(toks[v+1:])); name != "" {
				return name, true
			}
		}
		if subject := subjectOf(toks, from, v, text); subject != "" {
			return subject, true
		}
		// "…, a déclaré X : « … »": the subject after its verb, when
		// none stands before it.
		if r, ok := nameAt(toks, v+1); ok && !r.complement && (r.to == len(toks) || !toks[r.to].word) {
			return r.name, true
		}
		if name := voiceOf(toks[from:v]); name != "" {
			return name, true
		}
		for k := v - 1; k >= 0 && k >= v-4; k-- {
			if pronouns[toks[k].folded] && toks[k].folded != "lui" {
				return resolve(), true
			}
		}
		if describesSpeaker(toks[from:v]) {
			return describe(), true
		}
		return "", true
	}
	// "Denis Baupin a ensuite défendu sa décision : « … »": a colon
	// gives the quotation to the subject of the sentence it ends.
	if n := len(toks); n > 0 && toks[n-1].text == ":" {
		if name := voiceOf(toks); name != "" {
			return name, true
		}
		if subject := subjectOf(toks, 0, n-1, text); subject != "" {
			return subject, true
		}
	}
	return "", false
}

// subjectOf returns the subject of the verb at toks[v] among the names of
// toks[from:v]: a person named first in its clause ("Gérald Karsenti, PDG
// de HP France, a indiqué"), else the last name of two words or more (the
// person after a description: "le directeur du X, John Womersley"), else
// the first name; a capitalised word opening the sentence only when it is
// a name.
func subjectOf(toks []token, from, v int, text string) string {
	var subject, first string
	for _, r := range names(toks[from:v]) {
		r.from += from
		r.to += from
		if r.complement || r.from == 0 && r.words == 1 && !nameOpens(toks, r, text) {
			continue
		}
		if first == "" {
			first = r.name
			if r.words >= 2 && r.from == from && r.to < v && toks[r.to].text == "," {
				// The sentence opens on the person, a description after.
				return r.name
			}
		}
		if r.words >= 2 {
			subject = r.name
		}
	}
	if subject == "" {
		subject = first
	}
	return subject
}

// describesSpeaker reports whether toks hold a bare description of a
// person that may speak ("Le conseiller a également", "le leader russe",
// "le président de la République") and no name of their own.
func describesSpeaker(toks []token) bool {
	for _, r := range names(toks) {
		if !r.complement {
			return false
		}
	}
	for i := 0; i+1 < len(toks); i++ {
		if !determiners[toks[i].folded] || i > 0 && prepositions[toks[i-1].folded] {
			continue
		}
		for k := i + 1; k < len(toks) && k <= i+2; k++ {
			if speakerNouns[toks[k].folded] {
				return true
			}
		}
	}
	return false
}

// voiceOf returns the organisation or person that speaks through the
// subject of toks ("Le documentaire d'Al Jazeera", "Un rapport de la
// Ligue arabe", "Les analystes du groupe Crédit Mutuel CIC", "le
// communiqué du ministère de l'Intérieur"), else "".
func voiceOf(toks []token) string {
	for i := 1; i+1 < len(toks); i++ {
		if !voiceNouns[toks[i].folded] || !determiners[toks[i-1].folded] && toks[i-1].folded != "un" {
			continue
		}
		if i >= 2 && prepositions[toks[i-2].folded] && toks[i-2].folded != "d'apres" {
			continue
		}
		k := i + 1
		switch toks[k].folded {
		case "de", "du", "d'", "des":
		default:
			continue
		}
		k++
		var lower []string
		for k < len(toks) && toks[k].word && !toks[k].upper && len(lower) < 3 {
			lower = append(lower, toks[k].text)
			k++
		}
		if r, ok := nameAt(toks, k); ok {
			if len(lower) > 0 && (lower[0] == "ministère" || lower[0] == "ministere") {
				// "du ministère de l'Intérieur": the ministry is the name.
				return strings.Join(lower, " ") + strings.Repeat("", 0) + joinName(lower, r.name)
			}
			return r.name
		}
	}
	return ""
}

// joinName returns the rest of an institution's name after its first
// words: "de l'" before "Intérieur" ("ministère de l'Intérieur").
func joinName(lower []string, name string) string {
	if len(lower) > 1 && strings.HasSuffix(lower[len(lower)-1], "'") {
		return name
	}
	return " " + name
}

// onePerson returns the person named in text outside quotations when all
// its person names (of two words or more) are one person's, else "".
func onePerson(text string) string {
	for _, sp := range quoteSpans(text) {
		text = text[:sp.open] + strings.Repeat(" ", sp.close-sp.open) + text[sp.close:]
	}
	var found, key string
	for _, r := range names(tokenize(text)) {
		if r.complement || r.words < 2 {
			continue
		}
		k := surnameKey(r.name)
		if key != "" && k != key {
			return ""
		}
		found, key = r.name, k
	}
	return found
}

// surnameKey returns the spelling key of the last word of a name: the
// one word that names a person whichever of their names an article uses
// ("Maria Zakharova", "Zakharova's", "M. Zakharova", "Захарова").
func surnameKey(name string) string {
	fields := strings.Fields(name)
	if len(fields) == 0 {
		return ""
	}
	last := fields[len(fields)-1]
	if k := analysis.NameKeyTerm(last); k != "" {
		return k
	}
	return analysis.Fold(last)
}

// isName reports whether w, a capitalised word opening a sentence of text,
// is a name: no stop word, and never written in lower case in text
// ("Malgré", "Arrivé" are not; "Barroso" is).
func isName(w, text string) bool {
	lw := strings.ToLower(w)
	for _, l := range []string{"fr", "en", "de", "es", "ru"} {
		if analysis.IsStopWord(l, analysis.Fold(lw)) {
			return false
		}
	}
	for i := 0; ; {
		k := strings.Index(text[i:], lw)
		if k < 0 {
			return true
		}
		at := i + k
		r, _ := utf8.DecodeLastRuneInString(text[:at])
		if at == 0 || !unicode.IsLetter(r) {
			if r2, _ := utf8.DecodeRuneInString(text[at+len(lw):]); at+len(lw) == len(text) || !unicode.IsLetter(r2) {
				return false
			}
		}
		i = at + len(lw)
	}
}

// nameOpens reports whether the one-word name r opening a sentence is a
// name rather than a capitalised word ("Barroso, le président…", "Febelfin
// a rappelé" but not "Durant la campagne", "Arrivé à 0h50").
func nameOpens(toks []token, r nameRun, text string) bool {
	if !isName(toks[r.from].text, text) {
		return false
	}
	if r.to >= len(toks) {
		return false
	}
	next := toks[r.to]
	switch next.text {
	case ",", "(", "a", "avait", "ont", "est", "se", "s'", "n'", "ne", "has", "had", "said":
		return true
	}
	_, _, ok := verbOf(next)
	return ok
}

// IsSpeechVerb reports whether word, as written, is a form of a verb that
// introduces quoted or reported speech ("déclaré", "said", "заявил").
func IsSpeechVerb(word string) bool {
	return speechVerbs[analysis.Fold(strings.ToLower(word))]
}
