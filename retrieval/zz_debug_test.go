package retrieval

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"verbatim/corpus"
)

func TestZZSweep(t *testing.T) {
	if !*evalFlag {
		t.Skip()
	}
	root := sharedEvalDir(t)
	ctx := context.Background()
	var grid []RerankOptions
	for _, line := range strings.Split(os.Getenv("GRID"), ";") {
		var o RerankOptions
		var tis int
		fmt.Sscanf(line, "%d %g %g %d %g %d %g", &o.LexicalDepth, &o.Lexical, &o.Sentence, &o.Window, &o.Vector, &tis, &o.Article)
		o.TitleInSentence = tis == 1
		grid = append(grid, o)
	}
	sets := strings.Split(os.Getenv("SETS"), ",")
	res := map[string][]Metrics{}
	for _, set := range sets {
		es := loadEvalSet(t, root, set)
		var co corpus.ChunkOptions
		fmt.Sscanf(os.Getenv("CHUNK"), "%d %d %d %d", &co.MinWords, &co.MaxWords, &co.TargetWords, &co.OverlapSentences)
		ix, _, err := Build(ctx, t.TempDir(), &corpus.Result{Articles: es.articles}, NewLocalEmbedder(), BuildOptions{Chunking: co})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range grid {
			DefaultRerankOptions = o
			m, err := Evaluate(ctx, es.queries, indexSearch(ix, -1))
			if err != nil {
				t.Fatal(err)
			}
			res[set] = append(res[set], m)
		}
	}
	for i, o := range grid {
		line := fmt.Sprintf("%+v", o)
		for _, set := range sets {
			m := res[set][i]
			line += fmt.Sprintf(" | %s w=%.0f h1=%.3f h5=%.3f h10=%.3f mrr=%.3f", set, m.AvgPassageWords, m.Hits1, m.Hits5, m.Hits10, m.MRR10)
		}
		t.Log(line)
	}
}
