package quotes

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"verbatim/corpus"
	"verbatim/retrieval"
)

// benchArchive assembles an index of n one-chunk articles, each quoting
// one of 500 speakers among other names, with its quotations stored as a
// build with Indexer stores them.
func benchArchive(b *testing.B, n int) *retrieval.Index {
	b.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	first := []string{"Marie", "Jean", "Anne", "Louis", "Claire", "Paul", "Sophie", "Henri", "Julie", "Marc"}
	last := []string{"Durand", "Lefebvre", "Moreau", "Fournier", "Girard", "Bonnet", "Mercier", "Blanchard", "Rousseau", "Vincent",
		"Muller", "Faure", "Gauthier", "Perrin", "Robin", "Clement", "Morin", "Nicolas", "Henry", "Roussel",
		"Mathieu", "Garnier", "Chevalier", "Francois", "Legrand", "Gautier", "Barbier", "Brun", "Dumont", "Lambert",
		"Fontaine", "Schmitt", "Colin", "Vidal", "Caron", "Picard", "Roger", "Masson", "Marchand", "Dufour",
		"Meunier", "Brunet", "Blanc", "Guerin", "Boyer", "Riviere", "Lucas", "Joly", "Renaud", "Aubert"}
	name := func() string { return first[rng.IntN(len(first))] + " " + last[rng.IntN(len(last))] }
	// Vectors of 8 dimensions: the benchmark reads no vector.
	e := retrieval.Embedder{Name: "bench", Dimensions: 8, Embed: func(context.Context, []string) ([][]float32, error) { return nil, nil }}
	parts := retrieval.Parts{Embedder: e, Fingerprint: "bench", Chunking: "bench", QuoteRules: rules}
	find := Indexer().Find
	date, _ := corpus.ParseDate("2012-05")
	for i := range n {
		text := fmt.Sprintf("%s a reçu %s lundi à Paris pour parler du budget numéro %d. "+
			"« Nous ne céderons rien sur les retraites ni sur la dette », a déclaré %s devant la presse. "+
			"La réunion a duré %d heures, selon le ministère, et reprendra jeudi.", name(), name(), i, name(), 1+i%9)
		a := corpus.Article{ID: fmt.Sprintf("a%06d", i), Lang: "fr", Title: "Budget", Date: date, Hash: fmt.Sprint(i), Text: text}
		parts.Articles = append(parts.Articles, a)
		parts.Chunks = append(parts.Chunks, corpus.Chunk{ID: a.ID + "#0", DocID: a.ID, Start: 0, End: len(text), Text: text, Title: a.Title, Date: date, Lang: "fr"})
		v := make([]float32, 8)
		v[i%8] = 1
		parts.Vectors = append(parts.Vectors, v)
		parts.Quotations = append(parts.Quotations, find(a))
	}
	ix, err := retrieval.Assemble(context.Background(), parts)
	if err != nil {
		b.Fatal(err)
	}
	return ix
}

// BenchmarkBySpeaker measures "quotes NAME" on a 100k-chunk index
// reading the quotations stored at index time, against attributing
// every article that names the person on each call (before), in the same
// run.
func BenchmarkBySpeaker(b *testing.B) {
	ix := benchArchive(b, 100_000)
	ctx := context.Background()
	for _, c := range []struct {
		name string
		lib  Archive
	}{{"stored", ix}, {"attribute", unstored{ix}}} {
		b.Run(c.name, func(b *testing.B) {
			found := 0
			for b.Loop() {
				s, err := BySpeaker(ctx, c.lib, "Marie Moreau", "")
				if err != nil {
					b.Fatal(err)
				}
				found = len(s.Quotes)
			}
			if found == 0 {
				b.Fatal("no quotation found")
			}
			b.ReportMetric(float64(found), "quotes")
		})
	}
}
