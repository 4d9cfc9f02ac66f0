package analysis

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func sentenceTexts(text string) []string {
	var out []string
	for _, sp := range Sentences(text) {
		out = append(out, text[sp[0]:sp[1]])
	}
	return out
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{
			name: "numbers with spaces and decimals do not split",
			text: "Selon lui, les pertes s’élèvent à plus de 76 000 tués et blessés. Le taux est de 3.5 % ou 1,5 point. Fin.",
			want: []string{"Selon lui, les pertes s’élèvent à plus de 76 000 tués et blessés.", "Le taux est de 3.5 % ou 1,5 point.", "Fin."},
		},
		{
			name: "initials",
			text: "A l’issue d’une rencontre entre V. Poutine et Steve Witkoff, I. Ouchakov a parlé. Il a vu S. Witkoff.",
			want: []string{"A l’issue d’une rencontre entre V. Poutine et Steve Witkoff, I. Ouchakov a parlé.", "Il a vu S. Witkoff."},
		},
		{
			name: "French abbreviations",
			text: "M. Macron a reçu Mme. Dupont et MM. Martin et Durand. Mmes. Roy et Gay étaient là. Voir p. 12 et cf. Annexe. Né en 52 av. J.-C. à Rome.",
			want: []string{"M. Macron a reçu Mme. Dupont et MM. Martin et Durand.", "Mmes. Roy et Gay étaient là.", "Voir p. 12 et cf. Annexe.", "Né en 52 av. J.-C. à Rome."},
		},
		{
			name: "English abbreviations",
			text: "The U.S. Senate met Mr. Smith and Dr. Jones. They saw e.g. the budget, i.e. the law. He lives on St. James St. in No. 5 Downing. It ended.",
			want: []string{"The U.S. Senate met Mr. Smith and Dr. Jones.", "They saw e.g. the budget, i.e. the law.", "He lives on St. James St. in No. 5 Downing.", "It ended."},
		},
		{
			name: "U.K. then lower case",
			text: "Talks with the U.K. continue. The U.S. and the E.U. agreed.",
			want: []string{"Talks with the U.K. continue.", "The U.S. and the E.U. agreed."},
		},
		{
			name: "etc. before a capital ends the sentence, before lower case it does not",
			text: "Des pommes, des poires, etc. Le marché ferme tôt. Des livres, etc. sont vendus.",
			want: []string{"Des pommes, des poires, etc.", "Le marché ferme tôt.", "Des livres, etc. sont vendus."},
		},
		{
			name: "German ordinal dates do not split",
			text: "Er starb am 28. Mai 1990 in Bonn. Im 19. Jahrhundert wuchs die Stadt. Es waren 12. Dann kam er.",
			want: []string{"Er starb am 28. Mai 1990 in Bonn.", "Im 19. Jahrhundert wuchs die Stadt.", "Es waren 12.", "Dann kam er."},
		},
		{
			name: "German closing quote belongs to the sentence",
			text: "Er antwortete: „Nein, nicht mehr.“ Sowohl in „Fürchtet euch“ als auch hier. Ende.",
			want: []string{"Er antwortete: „Nein, nicht mehr.“", "Sowohl in „Fürchtet euch“ als auch hier.", "Ende."},
		},
		{
			name: "German, Spanish and Russian abbreviations",
			text: "Es gab ca. 5 Mio. Menschen bzw. Nr. 4 usw. Die Sra. Gómez llegó. Было 5 тыс. Человек пришло.",
			want: []string{"Es gab ca. 5 Mio. Menschen bzw. Nr. 4 usw.", "Die Sra. Gómez llegó.", "Было 5 тыс. Человек пришло."},
		},
		{
			name: "closing guillemet belongs to the sentence",
			text: "« La Russie n’oubliera jamais ses amis. » Maria Zakharova l’a dit. « Vraiment ? » Oui.",
			want: []string{"« La Russie n’oubliera jamais ses amis. »", "Maria Zakharova l’a dit.", "« Vraiment ? »", "Oui."},
		},
		{
			name: "inner ? and ! before lower case do not end",
			text: "« Pourquoi ? » a-t-il demandé. « Assez ! » répondit-elle, « c’est fini ! » et elle partit.",
			want: []string{"« Pourquoi ? » a-t-il demandé.", "« Assez ! » répondit-elle, « c’est fini ! » et elle partit."},
		},
		{
			name: "English quotes",
			text: `He said "we are ready." Then he left! Did he? "Yes," she said.`,
			want: []string{`He said "we are ready."`, `Then he left!`, `Did he?`, `"Yes," she said.`},
		},
		{
			name: "ellipsis",
			text: "Il hésita… Puis il parla... Enfin.",
			want: []string{"Il hésita…", "Puis il parla...", "Enfin."},
		},
		{
			name: "heading is its own sentence",
			text: "à Pyongyang.\n\nEntente russo-américaine\n\nA l’issue d’une rencontre, il parla.",
			want: []string{"à Pyongyang.", "Entente russo-américaine", "A l’issue d’une rencontre, il parla."},
		},
		{
			name: "heading followed by a single line break",
			text: "Entente russo-américaine\nA l’issue d’une rencontre, il parla.\nRéactions\nLes partis ont critiqué le texte",
			want: []string{"Entente russo-américaine", "A l’issue d’une rencontre, il parla.", "Réactions", "Les partis ont critiqué le texte"},
		},
		{
			name: "wrapped line continuing in lower case stays",
			text: "Le conseil a voté\nla loi hier soir. Elle entre\nen vigueur demain.",
			want: []string{"Le conseil a voté\nla loi hier soir.", "Elle entre\nen vigueur demain."},
		},
		{
			name: "blank line always ends",
			text: "Une phrase sans point\n\nune autre en minuscule",
			want: []string{"Une phrase sans point", "une autre en minuscule"},
		},
		{
			name: "question and digit",
			text: "Combien ? 76 000 selon lui. What happened? 2025 was hard.",
			want: []string{"Combien ?", "76 000 selon lui.", "What happened?", "2025 was hard."},
		},
		{
			name: "lower case after period does not split",
			text: "Le site example.org est en ligne. il a dit oui. Fin",
			want: []string{"Le site example.org est en ligne. il a dit oui.", "Fin"},
		},
		{
			name: "whitespace only",
			text: " \n\t \n",
			want: nil,
		},
		{
			name: "surrounding whitespace trimmed",
			text: "  \n Bonjour.   Au revoir.  \n",
			want: []string{"Bonjour.", "Au revoir."},
		},
		{
			name: "non-breaking spaces before punctuation",
			text: "Vraiment\u00a0? Oui\u202f! « Bien\u00a0»",
			want: []string{"Vraiment\u00a0?", "Oui\u202f!", "« Bien\u00a0»"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sentenceTexts(tt.text)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Sentences(%q)\n got  %q\n want %q", tt.text, got, tt.want)
			}
			checkSpans(t, tt.text, Sentences(tt.text))
		})
	}
}

// checkSpans fails t unless spans are in bounds, increasing, non-empty,
// non-overlapping, on rune boundaries and trimmed.
func checkSpans(t *testing.T, text string, spans [][2]int) {
	t.Helper()
	prev := 0
	for i, sp := range spans {
		s, e := sp[0], sp[1]
		if s < prev || e <= s || e > len(text) {
			t.Fatalf("span %d = %v out of order or bounds (prev end %d, len %d)", i, sp, prev, len(text))
		}
		if !utf8.RuneStart(text[s]) || (e < len(text) && !utf8.RuneStart(text[e])) {
			t.Fatalf("span %d = %v not on rune boundaries", i, sp)
		}
		r, _ := utf8.DecodeRuneInString(text[s:])
		l, _ := utf8.DecodeLastRuneInString(text[:e])
		if unicode.IsSpace(r) || unicode.IsSpace(l) {
			t.Fatalf("span %d = %q not trimmed", i, text[s:e])
		}
		prev = e
	}
	// Every non-space character is in some span.
	covered := 0
	for _, sp := range spans {
		covered += len(strings.Fields(text[sp[0]:sp[1]]))
	}
	if covered != len(strings.Fields(text)) && utf8.ValidString(text) {
		t.Fatalf("spans cover %d words of %d", covered, len(strings.Fields(text)))
	}
}

func FuzzSentences(f *testing.F) {
	for _, s := range []string{
		"",
		"M. Macron a parlé. Il part.",
		"« Pourquoi ? » a-t-il dit.\n\nTitre\nSuite.",
		"76 000 tués. U.S. e.g. etc. Fin…",
		"a.\n\n\n.b?!»» ",
		"\xff\xfe. A",
		"Vraiment\u00a0? Oui\u202f!",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		spans := Sentences(text)
		prev := 0
		for i, sp := range spans {
			if sp[0] < prev || sp[1] <= sp[0] || sp[1] > len(text) {
				t.Fatalf("span %d = %v out of order or bounds (prev end %d, len %d)", i, sp, prev, len(text))
			}
			prev = sp[1]
		}
		if utf8.ValidString(text) {
			checkSpans(t, text, spans)
		}
	})
}
