package engine

import (
	"context"
	"strings"
	"testing"

	"verbatim/prompts"
	"verbatim/retrieval"
)

// FuzzVerify checks that whatever the model writes, every quotation left
// in the verified text is verbatim source text (an elided one shown as
// its whole source span), and that the text streamed
// sentence by sentence is a prefix of the final one.
func FuzzVerify(f *testing.F) {
	for _, seed := range []string{
		"Il a parlé d'« un dialogue  productif » [2]. Selon lui, 100 000 morts [1].",
		"Il dit « que tout est « parfait » maintenant » [2]. « différents niveaux ».",
		"Le 26 avril, « Valéry Guérassimov » [1]. Puis « jamais fermé [1]. [9] \"x\" [1, 2]",
		"Il a dit « Valéry Guérassimov…a annoncé [...] l'opération » [1]. « un dialogue … (…) niveaux » [2].",
	} {
		f.Add(seed)
	}
	kText := testArticles["koursk"].Text
	results := []retrieval.Result{
		passage("koursk", 0, strings.Index(kText, "Selon lui")-1, 1),
		passage("elbe", 0, len(testArticles["elbe"].Text), 2),
	}
	best := func(r retrieval.Result) (int, int) { return r.Chunk.Start, r.Chunk.End }
	f.Fuzz(func(t *testing.T, reply string) {
		v := newVerifier("", newSources(results, lookup))
		var partials []string
		for n := 1; n <= len(reply); n += 5 {
			if grew, err := v.feed(context.Background(), reply[:n], false); err != nil {
				t.Fatal(err)
			} else if grew {
				partials = append(partials, v.text())
			}
		}
		if _, err := v.feed(context.Background(), reply, true); err != nil {
			t.Fatal(err)
		}
		got := v.result(best).text
		for _, p := range partials {
			if !strings.HasPrefix(got, strings.TrimSpace(p)) {
				t.Fatalf("partial %q is not a prefix of %q", p, got)
			}
		}
		for _, q := range prompts.ParseQuotes(got) {
			if !verbatimIn(kText, q.Text) && !verbatimIn(testArticles["elbe"].Text, q.Text) {
				t.Fatalf("quotation %q of %q is not source text (reply %q)", q.Text, got, reply)
			}
		}
	})
}
