package retrieval

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"strings"
	"testing"

	"verbatim/corpus"
)

func TestHeaderBatches(t *testing.T) {
	big := strings.Repeat("x", headerBatchBytes+1)
	tests := []struct {
		name  string
		texts []string
		// wantBatches is the number of article messages.
		wantBatches int
	}{
		{"none", nil, 0},
		{"small ones in one batch", []string{"a", "b", "c"}, 1},
		{"one article over the byte bound alone", []string{"a", big, "b"}, 3},
		{"split by bytes", []string{strings.Repeat("y", headerBatchBytes/2), strings.Repeat("z", headerBatchBytes/2), "w"}, 2},
		{"split by count", strings.Split(strings.Repeat("q,", headerBatch+1), ",")[:headerBatch+1], 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := header{Meta: meta{Version: formatVersion}}
			for i, text := range tt.texts {
				h.Articles = append(h.Articles, corpus.Article{ID: fmt.Sprint(i), Text: text})
			}
			var buf bytes.Buffer
			if err := encodeHeader(gob.NewEncoder(&buf), &h); err != nil {
				t.Fatal(err)
			}
			var got header
			if err := decodeHeader(bytes.NewReader(buf.Bytes()), &got); err != nil {
				t.Fatal(err)
			}
			if len(got.Articles) != len(h.Articles) {
				t.Fatalf("decoded %d articles, want %d", len(got.Articles), len(h.Articles))
			}
			for i := range got.Articles {
				if got.Articles[i].Text != h.Articles[i].Text {
					t.Fatalf("article %d differs after the round trip", i)
				}
			}
			// Count the article messages: decode them one by one.
			dec := gob.NewDecoder(bytes.NewReader(buf.Bytes()))
			var st headerStart
			if err := dec.Decode(&st); err != nil {
				t.Fatal(err)
			}
			batches := 0
			for n := 0; n < st.Articles; batches++ {
				var batch []corpus.Article
				if err := dec.Decode(&batch); err != nil {
					t.Fatal(err)
				}
				n += len(batch)
			}
			if batches != tt.wantBatches {
				t.Errorf("%d article batches, want %d", batches, tt.wantBatches)
			}
		})
	}
}
