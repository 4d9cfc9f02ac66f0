package corpus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkExtractHTML measures the extraction of a saved page and the
// refusal of pages nested 100,000 and 1,000,000 <div>s deep (73 s and
// over 20 min with the extractor before the depth scan).
func BenchmarkExtractHTML(b *testing.B) {
	saved, err := os.ReadFile(filepath.Join("testdata", "savedpages", "lemonde-style.html"))
	if err != nil {
		b.Fatal(err)
	}
	deep := func(n int) string {
		return "<html><body>" + strings.Repeat("<div>", n) + "x" + strings.Repeat("</div>", n) + "</body></html>"
	}
	for _, c := range []struct {
		name, page string
		refused    bool
	}{
		{"saved-page", string(saved), false},
		{"nested-100k", deep(100_000), true},
		{"nested-1M", deep(1_000_000), true},
	} {
		b.Run(c.name, func(b *testing.B) {
			lim := DefaultHTMLLimits
			lim.MaxBytes = 20 << 20
			for b.Loop() {
				_, err := ExtractHTML(b.Context(), c.page, lim)
				if (err != nil) != c.refused {
					b.Fatalf("err = %v, refused want %v", err, c.refused)
				}
			}
		})
	}
	b.Run("legacy-saved-page", func(b *testing.B) {
		for b.Loop() {
			legacyExtract(string(saved))
		}
	})
}
