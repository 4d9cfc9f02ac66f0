package quotes

import (
	"reflect"
	"strconv"
	"testing"

	"verbatim/analysis"
	"verbatim/corpus"
	"verbatim/retrieval"
)

// The archives that store quotations are Stored: Of takes them as they are.
var (
	_ Stored = (*retrieval.Index)(nil)
	_ Stored = storedArchive{}
)

// storedArchive stores the quotations qs under rules for every article.
type storedArchive struct {
	qs    []retrieval.Quotation
	rules string
}

func (s storedArchive) Quotations(corpus.Article) ([]retrieval.Quotation, string, bool) {
	return s.qs, s.rules, true
}

func TestRulesName(t *testing.T) {
	want := "attribute/" + strconv.Itoa(RulesVersion) + "/analysis/" + strconv.Itoa(analysis.Version)
	if rules != want {
		t.Errorf("rules = %q, want %q", rules, want)
	}
	if got := Indexer().Rules; got != want {
		t.Errorf("Indexer().Rules = %q, want %q", got, want)
	}
}

// TestStoredRulesNoAllocation: reading an article's stored quotations
// builds no rules name (it was built once per article read).
func TestStoredRulesNoAllocation(t *testing.T) {
	var s Stored = storedArchive{qs: []retrieval.Quotation{{Start: 0, End: 2}}, rules: rules}
	a := corpus.Article{ID: "a", Text: "« x »"}
	allocs := testing.AllocsPerRun(100, func() {
		if _, ok := storedRaw(s, a); !ok {
			t.Fatal("stored quotations under the current rules not read")
		}
	})
	if allocs != 0 {
		t.Errorf("storedRaw allocates %v times per article, want 0", allocs)
	}
}

func TestOf(t *testing.T) {
	a := corpus.Article{ID: "a1", Lang: "fr", Text: "« Le pont est réparé », a déclaré Iouri Ouchakov."}
	attributed := Attribute(a)
	if len(attributed) != 1 {
		t.Fatalf("Attribute = %+v: the test article is not attributed", attributed)
	}
	stored := []retrieval.Quotation{{Start: 3, End: 9, Speaker: "Stored Speaker"}}
	tests := []struct {
		name string
		lib  Stored
		want []Quote
	}{
		{"no archive", nil, attributed},
		{"stored under the current rules", storedArchive{qs: stored, rules: rules}, []Quote{{DocID: "a1", Start: 3, End: 9, Speaker: "Stored Speaker"}}},
		{"stored under other rules", storedArchive{qs: stored, rules: "attribute/0"}, attributed},
		{"an index that stores none", (*retrieval.Index)(nil), attributed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Of(tt.lib, a); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Of = %+v, want %+v", got, tt.want)
			}
		})
	}
}
