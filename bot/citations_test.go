package bot

import (
	"fmt"
	"testing"
)

func TestByArticle(t *testing.T) {
	cites := []Citation{
		{N: 1, DocID: "a"}, {N: 2, DocID: "b"}, {N: 3, DocID: "a"},
		{N: 4, Title: "T", URL: "u"}, {N: 5, Title: "T", URL: "u"}, {N: 6, Title: "T", URL: "v"},
	}
	var got []string
	for _, g := range ByArticle(cites) {
		var ns []int
		for _, c := range g {
			ns = append(ns, c.N)
		}
		got = append(got, fmt.Sprint(ns))
	}
	if want := "[[1 3] [2] [4 5] [6]]"; fmt.Sprint(got) != want {
		t.Errorf("got %v, want %s", got, want)
	}
}
