package terminal

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
		Welcome("fr", one, false, "Qu’a-t-on rapporté sur « Nos amis coréens » en avril 2025 ?", "/home/ana/.cache/verbatim/chat.log", nil),
		Welcome("en", one, true, "", "", nil),
		Welcome("en", many, false, "What was reported about “Harbour budget approved” in May 2025?", "", []string{"de→fr", "en→fr"}),
		Welcome("fr", one, false, "", "", []string{"de→fr", "ru→fr"}),
		Welcome("en", retrieval.Info{}, false, "", "", nil),
		Welcome("de", many, false, "Was wurde über „Harbour budget approved“ berichtet (Mai 2025)?", "", nil),
		Welcome("es", many, true, "", "", nil),
		Welcome("ru", many, false, "", "", []string{"de→fr"}),
		Welcome("ru", retrieval.Info{Articles: 2, Chunks: 5, Langs: []string{"ru"}}, false, "", "", nil),
	} {
		b.WriteString(w + "\n---\n")
	}
	golden.Check(t, "welcome.txt", b.String())
}
