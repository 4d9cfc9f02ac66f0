package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"verbatim/retrieval"
)

func TestUserMessage(t *testing.T) {
	tests := []struct {
		name         string
		err          error
		wantEN, want string
	}{
		{"no library", ErrNoLibrary, "no index yet", "pas encore d'index"},
		{"no index on disk", fmt.Errorf("open index: %w", retrieval.ErrNoIndex), "no index yet", "pas encore d'index"},
		{"embedder mismatch", fmt.Errorf("open: %w", &retrieval.EmbedderMismatchError{Built: "local//256", Configured: "openai/x/1536"}), "rebuild it", "reconstruisez-le"},
		{"deadline", fmt.Errorf("chat: %w", context.DeadlineExceeded), "took too long", "trop de temps"},
		{"cancelled", context.Canceled, "cancelled", "annulée"},
		{"generic", errors.New("boom at http://secret-host/v1"), "something went wrong", "une erreur s'est produite"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			en, fr := UserMessage(tt.err, "en"), UserMessage(tt.err, "fr")
			if !strings.Contains(en, tt.wantEN) || !strings.Contains(fr, tt.want) {
				t.Errorf("got %q / %q, want them to contain %q / %q", en, fr, tt.wantEN, tt.want)
			}
			if strings.Contains(en+fr, "secret-host") {
				t.Errorf("user message leaks the error text: %q", en)
			}
		})
	}
	if got := UserMessage(nil, "fr"); got != "" {
		t.Errorf("UserMessage(nil) = %q, want empty", got)
	}
}

func TestCoreSearch(t *testing.T) {
	core := NewCore(seedLibrary(t), Config{Now: fixedNow})
	res, err := core.Search(context.Background(), "Peskov aide militaire", 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) == 0 || len(res) > 2 {
		t.Fatalf("got %d results, want 1 or 2", len(res))
	}
	if !strings.Contains(res[0].Chunk.Text, "Peskov") {
		t.Errorf("first result %q is not about Peskov", res[0].Chunk.Text)
	}
	if _, err := NewCore(nil, Config{}).Search(context.Background(), "x", 1); !errors.Is(err, ErrNoLibrary) {
		t.Errorf("Search without library: err = %v, want ErrNoLibrary", err)
	}
}
