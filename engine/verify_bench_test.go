package engine

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"verbatim/retrieval"
)

// BenchmarkVerify measures the verification of model replies of 100 KB
// and 400 KB: plain sentences with exact quotes, quotations nested 100
// deep, one « never closed followed by the plain text, and a « or “ never
// closed in every sentence (quadratic before: 0.84 s at 25 KB, 13.9 s at
// 100 KB). Time per byte stays flat across sizes and shapes: verification
// is linear.
//
//	go test ./engine -run '^$' -bench BenchmarkVerify -benchtime 20x
func BenchmarkVerify(b *testing.B) {
	kText := testArticles["koursk"].Text
	results := []retrieval.Result{
		passage("koursk", 0, len(kText), 1),
		passage("elbe", 0, len(testArticles["elbe"].Text), 2),
	}
	plain := "Maria Zakharova a déclaré : « La Russie n’oubliera jamais ses amis de Corée du Nord » [1]. " +
		"Selon lui, les pertes s’élèvent à plus de 76 000 tués et blessés [1]. Ils veulent « un dialogue productif » [2].\n"
	nested := "Il dit " + strings.Repeat("« x ", 100) + "fin" + strings.Repeat(" »", 100) + " [1]. "
	fill := func(unit string, size int) string {
		return strings.Repeat(unit, size/len(unit)+1)[:size]
	}
	best := func(r retrieval.Result) (int, int) { return r.Chunk.Start, r.Chunk.End }
	for _, size := range []int{100 << 10, 400 << 10} {
		shapes := []struct{ name, reply string }{
			{"plain", fill(plain, size)},
			{"nested100", fill(nested, size)},
			{"unclosed", "Il dit « " + fill(plain, size-len("Il dit « "))},
			{"unclosed-many", fill("Il dit « que tout va bien [1]. “Oui [2]. ", size)},
		}
		for _, s := range shapes {
			b.Run(s.name+"/"+strconv.Itoa(size>>10)+"KB", func(b *testing.B) {
				b.SetBytes(int64(len(s.reply)))
				for b.Loop() {
					if _, err := verify(context.Background(), s.reply, "", newSources(results, lookup), best); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
