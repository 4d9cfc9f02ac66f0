package retrieval

import (
	"context"
	"fmt"
	"testing"

	"verbatim/corpus"
)

func TestZZH7(t *testing.T) {
	if !*evalFlag {
		t.Skip()
	}
	root := sharedEvalDir(t)
	ctx := context.Background()
	type variant struct {
		name  string
		apply func()
	}
	base := DefaultRerankOptions
	reset := func() {
		DefaultRerankOptions = base
		xpDup = 0
	}
	var vs []variant
	vs = append(vs, variant{"shipped", func() {}})
	for _, d := range []float64{-0.1, 0.05, 0.1, 0.2, 0.4} {
		d := d
		vs = append(vs, variant{fmt.Sprintf("dup %.2f", d), func() { xpDup = d }})
	}
	for _, set := range []string{"fr", "en"} {
		es := loadEvalSet(t, root, set)
		ix, _, err := Build(ctx, t.TempDir(), &corpus.Result{Articles: es.articles}, NewLocalEmbedder(), BuildOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vs {
			reset()
			v.apply()
			m, err := Evaluate(ctx, es.queries, indexSearch(ix, -1))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s %-34s %s", set, v.name, m)
		}
		reset()
	}
}
