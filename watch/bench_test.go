package watch

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"verbatim/bot"
	"verbatim/corpus"
)

// Vocabulary of the benchmark's synthetic articles and watches.
var (
	benchTopics = []string{"réforme", "retraites", "budget", "tramway", "incendie", "port", "élection", "grève", "hôpital", "école",
		"climat", "sécheresse", "inondation", "vaccin", "frontière", "pétrole", "banque", "inflation", "loyer", "logement"}
	benchPlaces = []string{"Lyon", "Marseille", "Lille", "Nantes", "Bordeaux", "Rennes", "Nice", "Toulouse", "Dijon", "Metz",
		"Brest", "Tours", "Reims", "Angers", "Nîmes", "Pau", "Caen", "Vannes", "Arles", "Sète"}
)

// benchArticle is synthetic article i, named by a topic, a place and a
// figure.
func benchArticle(i int, date string) string {
	topic, place := benchTopics[i%len(benchTopics)], benchPlaces[(i/len(benchTopics))%len(benchPlaces)]
	return fmt.Sprintf("title: %s à %s, dossier %d\ndate: %s\n\nLe conseil de %s a débattu du dossier %s numéro %d mardi. « Nous voulons avancer sur le %s », a déclaré le maire de %s, selon qui %d habitants sont concernés. Le vote aura lieu le mois prochain.",
		topic, place, i, date, place, topic, i, topic, place, 1000+i)
}

// BenchmarkMatch matches 10,000 watches against a publication of 100 new
// articles, with an archive of 1,000 and of 10,000 articles: the time
// must not grow with the archive.
func BenchmarkMatch(b *testing.B) {
	for _, archive := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("archive=%d", archive), func(b *testing.B) {
			ctx := context.Background()
			fsys := map[string]string{}
			for i := range archive {
				fsys[fmt.Sprintf("old/%05d.txt", i)] = benchArticle(i, "2026-01-02")
			}
			for i := range 100 {
				fsys[fmt.Sprintf("new/%03d.txt", i)] = benchArticle(archive+i, "2026-12-07")
			}
			ix := library(b, b.TempDir(), fsys)
			var ids []string
			for i := range 100 {
				ids = append(ids, fmt.Sprintf("new/%03d.txt", i))
			}
			store, err := OpenBolt(filepath.Join(b.TempDir(), "w.db"))
			if err != nil {
				b.Fatal(err)
			}
			var watches []Watch
			for i := range 10000 {
				text := fmt.Sprintf("Que dit le maire de %s sur le %s ?", benchPlaces[(i/7)%len(benchPlaces)], benchTopics[i%len(benchTopics)])
				if i%10 != 0 {
					// Most watches name other topics than the articles'.
					text = fmt.Sprintf("Quelles nouvelles du sujet%d à villé%d ?", i, i%97)
				}
				watches = append(watches, Watch{ID: int64(i + 1), Chat: int64(i%500 + 1), Text: text, Created: t0})
			}
			e, err := NewEngine(Config{Store: store, Consumer: "bench",
				NewCore: func(lib bot.Library) *bot.Core { return bot.NewCore(lib, bot.Config{}) },
				Deliver: func(context.Context, Alert) error { return nil },
				Now:     func() time.Time { return t0.Add(time.Hour) }})
			if err != nil {
				b.Fatal(err)
			}
			// The publication's articles, first seen after the watches.
			e.seen = map[string]Noted{}
			var pending []corpus.Article
			for _, id := range ids {
				e.seen[id] = Noted{FirstSeen: t0.Add(time.Minute)}
				a, _ := ix.Article(id)
				pending = append(pending, a)
			}
			b.ResetTimer()
			var rep Report
			var found []answered
			for range b.N {
				rep = Report{}
				if found, err = e.answers(ctx, ix, pending, watches, &rep); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(rep.Candidates), "candidates")
			b.ReportMetric(float64(rep.Asked), "asked")
			b.ReportMetric(float64(len(found)), "answered")
		})
	}
}
