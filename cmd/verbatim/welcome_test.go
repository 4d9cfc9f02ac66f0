package main

import (
	"strings"
	"testing"
	"time"

	"verbatim/corpus"
	"verbatim/internal/golden"
	"verbatim/retrieval"
)

func TestWelcomeGolden(t *testing.T) {
	april := corpus.Date{Time: time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC), Precision: corpus.PrecisionMonth}
	may3 := corpus.Date{Time: time.Date(2025, 5, 3, 0, 0, 0, 0, time.UTC), Precision: corpus.PrecisionDay}
	one := retrieval.Info{Articles: 1, Chunks: 3, Langs: []string{"fr"}, Oldest: april, Newest: april}
	many := retrieval.Info{Articles: 42, Chunks: 420, Langs: []string{"en", "fr"}, Oldest: april, Newest: may3}
	var b strings.Builder
	for _, w := range []string{
		welcome(one, false, "fr", "Qu’a-t-on rapporté sur « Nos amis coréens » en avril 2025 ?", "/home/ana/.cache/verbatim/chat.log", nil),
		welcome(one, true, "en", "", "", nil),
		welcome(many, false, "en", "What was reported about “Harbour budget approved” in May 2025?", "", []string{"de→fr", "en→fr"}),
		welcome(one, false, "fr", "", "", []string{"de→fr", "ru→fr"}),
		welcome(retrieval.Info{}, false, "en", "", "", nil),
	} {
		b.WriteString(w + "\n---\n")
	}
	golden.Check(t, "welcome.txt", b.String())
}
