package engine

import (
	"context"
	"strings"
	"testing"

	"verbatim/corpus"
	"verbatim/prompts"
	"verbatim/retrieval"
)

// testArticles are two short articles; passages are cut from them.
var testArticles = map[string]corpus.Article{
	"koursk": {ID: "koursk", Title: "Koursk", Lang: "fr", Text: "Le 26 avril, Valéry Guérassimov, chef de l’état-major russe, a annoncé la fin de l’opération de libération de la région de Koursk. " +
		"Selon lui, les pertes des militaires ukrainiens s’élèvent à plus de 76 000 tués et blessés. " +
		"« La Russie n’oubliera jamais ses amis de Corée du Nord », a-t-elle déclaré."},
	"elbe": {ID: "elbe", Title: "Elbe", Lang: "fr", Text: "Toujours selon lui, les deux hommes ont notamment convenu que Moscou et Washington continueraient à mener « un dialogue productif » à « différents niveaux ». " +
		"Le conseiller a également estimé « symbolique » que cette réunion ait eu lieu."},
}

// passage cuts article id at [start, end) into a retrieved passage.
func passage(id string, start, end, rank int) retrieval.Result {
	a := testArticles[id]
	return retrieval.Result{Rank: rank, Chunk: corpus.Chunk{ID: id + "#" + string(rune('0'+rank)), DocID: id, Start: start, End: end,
		Text: a.Text[start:end], Title: a.Title, Lang: a.Lang}}
}

func lookup(id string) (corpus.Article, bool) {
	a, ok := testArticles[id]
	return a, ok
}

func TestVerify(t *testing.T) {
	kText := testArticles["koursk"].Text
	firstEnd := strings.Index(kText, "Selon lui")
	results := []retrieval.Result{
		passage("koursk", 0, firstEnd-1, 1),                   // [1] Guérassimov sentence only
		passage("elbe", 0, len(testArticles["elbe"].Text), 2), // [2]
	}
	tests := []struct {
		name          string
		reply         string
		wantText      string
		wantCitations []string // DocID of citations 1..m
		wantQuotes    []string // Citation.Quote of citations 1..m
		wantRemoved   int
	}{
		{
			name:          "exact quote kept",
			reply:         "Le 26 avril, « Valéry Guérassimov, chef de l’état-major russe, a annoncé la fin de l’opération » [1].",
			wantText:      "Le 26 avril, « Valéry Guérassimov, chef de l’état-major russe, a annoncé la fin de l’opération » [1].",
			wantCitations: []string{"koursk"},
			wantQuotes:    []string{"Valéry Guérassimov, chef de l’état-major russe, a annoncé la fin de l’opération"},
		},
		{
			name:          "loose quote replaced by exact source",
			reply:         "Il a parlé d'« un dialogue  productif » [2].",
			wantText:      "Il a parlé d'« un dialogue productif » [1].",
			wantCitations: []string{"elbe"},
			wantQuotes:    []string{"un dialogue productif"},
		},
		{
			name:          "near match: apostrophes, spaces, ellipses, curly marks",
			reply:         "Elle a dit « La Russie n'oubliera  jamais ses amis… » [1]. Il annonce «\u00a0… la fin de l'opération...\u00a0» [1]. Ils veulent “un dialogue productif” [2].",
			wantText:      "Elle a dit « La Russie n’oubliera jamais ses amis » [1]. Il annonce «\u00a0la fin de l’opération\u00a0» [1]. Ils veulent “un dialogue productif” [2].",
			wantCitations: []string{"koursk", "elbe"},
			wantQuotes:    []string{"La Russie n’oubliera jamais ses amis", "un dialogue productif"},
		},
		{
			name:          "nested marks inside an exact quote",
			reply:         "Selon lui, « le conseiller a également estimé « symbolique » que cette réunion ait eu lieu » [2].",
			wantText:      "Selon lui, « Le conseiller a également estimé « symbolique » que cette réunion ait eu lieu » [1].",
			wantCitations: []string{"elbe"},
			wantQuotes:    []string{"Le conseiller a également estimé « symbolique » que cette réunion ait eu lieu"},
		},
		{
			name:          "quote under the wrong number is renumbered",
			reply:         "Moscou et Washington veulent « continueraient à mener » [1]. Guérassimov « a annoncé la fin » [1].",
			wantText:      "Moscou et Washington veulent « continueraient à mener » [1]. Guérassimov « a annoncé la fin » [2].",
			wantCitations: []string{"elbe", "koursk"},
			wantQuotes:    []string{"continueraient à mener", "a annoncé la fin"},
		},
		{
			name:          "quote found in the article outside the passage",
			reply:         "Les pertes : « plus de 76 000 tués et blessés » [1].",
			wantText:      "Les pertes : « plus de 76 000 tués et blessés » [1].",
			wantCitations: []string{"koursk"},
			wantQuotes:    []string{"plus de 76 000 tués et blessés"},
		},
		{
			name:          "altered quote removed with its sentence",
			reply:         "Guérassimov « a annoncé la fin de la guerre » [1]. Ensuite « un dialogue productif » [2].",
			wantText:      "Ensuite « un dialogue productif » [1].",
			wantCitations: []string{"elbe"},
			wantQuotes:    []string{"un dialogue productif"},
			wantRemoved:   1,
		},
		{
			name:          "elided quote: segments in order in the cited passage, shown whole",
			reply:         "Il a dit « Valéry Guérassimov…a annoncé la fin de l'opération » [1]. Selon lui, « les deux hommes ont notamment convenu [...] continueraient à mener » [2].",
			wantText:      "Il a dit « Valéry Guérassimov, chef de l’état-major russe, a annoncé la fin de l’opération » [1]. Selon lui, « les deux hommes ont notamment convenu que Moscou et Washington continueraient à mener » [2].",
			wantCitations: []string{"koursk", "elbe"},
			wantQuotes:    []string{"Valéry Guérassimov, chef de l’état-major russe, a annoncé la fin de l’opération", "les deux hommes ont notamment convenu que Moscou et Washington continueraient à mener"},
		},
		{
			name:          "elided quote found in the article, uncited",
			reply:         "Il évoque « Koursk. … les pertes des militaires ukrainiens ».",
			wantText:      "Il évoque « Koursk. Selon lui, les pertes des militaires ukrainiens » [1].",
			wantCitations: []string{"koursk"},
			wantQuotes:    []string{"Koursk. Selon lui, les pertes des militaires ukrainiens"},
		},
		{
			name:        "elided quote with an altered segment",
			reply:       "Il a dit « Valéry Guérassimov … a annoncé la fin de la guerre » [1].",
			wantRemoved: 1,
		},
		{
			name:        "elided quote with segments out of order",
			reply:       "Il a dit « a annoncé la fin … Valéry Guérassimov » [1].",
			wantRemoved: 1,
		},
		{
			name:        "elided quote leaving out more than maxElided bytes",
			reply:       "Il a dit « Le 26 … Corée du Nord » [1].",
			wantRemoved: 1,
		},
		{
			name:        "elided quote joining two articles",
			reply:       "Il a dit « Valéry Guérassimov … un dialogue productif » [1].",
			wantRemoved: 1,
		},
		{
			name:          "markers naming no passage removed with their sentence",
			reply:         "Le conseiller l'a jugé symbolique [2]. Rien d'autre [7]. Ni ceci [0].",
			wantText:      "Le conseiller l'a jugé symbolique [1].",
			wantCitations: []string{"elbe"},
			wantQuotes:    []string{"Le conseiller a également estimé « symbolique » que cette réunion ait eu lieu."},
			wantRemoved:   2,
		},
		{
			name:          "unmarked quote gets its marker",
			reply:         "Il évoque « différents niveaux ».",
			wantText:      "Il évoque « différents niveaux » [1].",
			wantCitations: []string{"elbe"},
			wantQuotes:    []string{"différents niveaux"},
		},
		{
			name:        "nested quote inside an unverified one",
			reply:       "Il dit « que tout est « parfait » maintenant » [2].",
			wantRemoved: 1,
		},
		{
			name:        "fabricated quote nested 100 deep",
			reply:       "Il dit " + strings.Repeat("« x ", 100) + "Kiev est tombée" + strings.Repeat(" »", 100) + " [2].",
			wantRemoved: 1,
		},
		{
			name:          "figure in no cited passage",
			reply:         "Selon lui, 100 000 soldats sont morts [1]. Le 26 avril, Guérassimov a parlé [1]. Le 26 mai, il a annoncé la fin [1].",
			wantText:      "Le 26 avril, Guérassimov a parlé [1].",
			wantCitations: []string{"koursk"},
			wantQuotes:    []string{"Le 26 avril, Valéry Guérassimov, chef de l’état-major russe, a annoncé la fin de l’opération de libération de la région de Koursk."},
			wantRemoved:   2,
		},
		{
			name:          "figure from the question; without citation, figure in any passage",
			reply:         "En 2025, ils parlent d'« un dialogue productif » [2]. En 2024, rien. Le 26 avril, aussi.",
			wantText:      "En 2025, ils parlent d'« un dialogue productif » [1]. Le 26 avril, aussi.",
			wantCitations: []string{"elbe"},
			wantQuotes:    []string{"un dialogue productif"},
			wantRemoved:   1,
		},
		{
			name:          "month-year and numbers in words held to the cited passage",
			reply:         "En mai 2025, Guérassimov a parlé [1]. Le 26 avril 2025, Guérassimov a parlé [1]. Cent mille soldats sont morts [1]. Les deux hommes ont convenu [2]. Trois hommes ont convenu [2].",
			wantText:      "Le 26 avril 2025, Guérassimov a parlé [1]. Les deux hommes ont convenu [2].",
			wantCitations: []string{"koursk", "elbe"},
			wantQuotes:    []string{"Le 26 avril, Valéry Guérassimov, chef de l’état-major russe, a annoncé la fin de l’opération de libération de la région de Koursk.", "Le conseiller a également estimé « symbolique » que cette réunion ait eu lieu."},
			wantRemoved:   3,
		},
		{
			name:        "figure only in the passage a misattributed quote was first cited to",
			reply:       "Le 26 avril, ils ont voulu « un dialogue productif » [1].",
			wantRemoved: 1,
		},
		{
			name:          "numbered list",
			reply:         "Deux déclarations :\n1. Il évoque « différents niveaux ».\n2) Il parle d'« un dialogue productif » [2].\n3. En 1999, rien [2].",
			wantText:      "Deux déclarations :\n1. Il évoque « différents niveaux » [1].\n2) Il parle d'« un dialogue productif » [1].",
			wantCitations: []string{"elbe"},
			wantQuotes:    []string{"différents niveaux"},
			wantRemoved:   1,
		},
		{
			name:        "unclosed quotation",
			reply:       "Il a dit « que Kiev est tombée. Le 3 mai [1].",
			wantRemoved: 1,
		},
		{
			name:          "paragraphs kept around a removed sentence",
			reply:         "Il évoque « différents niveaux ».\n\nIl dit « faux » [1]. Le 26 avril, Guérassimov a parlé [1].",
			wantText:      "Il évoque « différents niveaux » [1].\n\nLe 26 avril, Guérassimov a parlé [2].",
			wantCitations: []string{"elbe", "koursk"},
			wantQuotes:    []string{"différents niveaux", "Le 26 avril, Valéry Guérassimov, chef de l’état-major russe, a annoncé la fin de l’opération de libération de la région de Koursk."},
			wantRemoved:   1,
		},
	}
	best := func(r retrieval.Result) (int, int) {
		ex := extract("symbolique réunion", nil, "fr", []retrieval.Result{r}, nil)
		return ex.bestIn(r.Chunk.ID)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := verify(context.Background(), tt.reply, "Que s'est-il dit en 2025 ?", newSources(results, lookup), best)
			if err != nil {
				t.Fatal(err)
			}
			if v.text != tt.wantText {
				t.Errorf("text:\n got %q\nwant %q", v.text, tt.wantText)
			}
			if v.removed != tt.wantRemoved {
				t.Errorf("removed = %d, want %d", v.removed, tt.wantRemoved)
			}
			if len(v.citations) != len(tt.wantCitations) {
				t.Fatalf("got %d citations %+v, want %d", len(v.citations), v.citations, len(tt.wantCitations))
			}
			for i, c := range v.citations {
				if c.N != i+1 || c.DocID != tt.wantCitations[i] || c.Quote != tt.wantQuotes[i] {
					t.Errorf("citation %d = {N:%d DocID:%s Quote:%q}, want {N:%d DocID:%s Quote:%q}", i, c.N, c.DocID, c.Quote, i+1, tt.wantCitations[i], tt.wantQuotes[i])
				}
				if art := testArticles[c.DocID].Text; art[c.QuoteStart:c.QuoteEnd] != c.Quote {
					t.Errorf("citation %d: article[%d:%d] = %q, want the quote %q", i, c.QuoteStart, c.QuoteEnd, art[c.QuoteStart:c.QuoteEnd], c.Quote)
				}
			}
			assertQuotesVerbatim(t, v.text, testArticles)
		})
	}
}

// verbatimIn reports whether quote is source text as a whole (an elided
// quotation is shown as its whole source span).
func verbatimIn(source, quote string) bool {
	return strings.Contains(source, quote)
}

// assertQuotesVerbatim fails when a quotation in text is not verbatim in
// one of the articles.
func assertQuotesVerbatim(t *testing.T, text string, articles map[string]corpus.Article) {
	t.Helper()
	for _, q := range prompts.ParseQuotes(text) {
		found := false
		for _, a := range articles {
			if verbatimIn(a.Text, q.Text) {
				found = true
			}
		}
		if !found {
			t.Errorf("quotation %q in %q is not verbatim source text", q.Text, text)
		}
	}
}
