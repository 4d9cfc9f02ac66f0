package corpus

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestReadState(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.txt", "Premier article.")
	write("sub/b.md", "# Titre\n\nDeuxième article.")
	write(".hidden/c.txt", "ignoré")
	write("notes.pdf", "ignoré")
	ctx := context.Background()
	first, err := ReadState(ctx, dir, State{})
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Files) != 2 || first.Files[0].Path != "a.txt" || first.Files[1].Path != "sub/b.md" || first.Files[0].Hash == "" {
		t.Fatalf("state = %+v, want a.txt and sub/b.md, hashed", first)
	}

	// A file whose size and time are as recorded is not read again: a
	// recorded hash is kept as it is.
	marked := first
	marked.Files = append([]FileState(nil), first.Files...)
	marked.Files[0].Hash = "recorded"
	again, err := ReadState(ctx, dir, marked)
	if err != nil {
		t.Fatal(err)
	}
	if again.Files[0].Hash != "recorded" || !again.Same(marked) {
		t.Errorf("unchanged file re-hashed: %+v", again.Files[0])
	}

	tests := []struct {
		name   string
		change func()
		same   bool
	}{
		{"touched, same content", func() {
			later := time.Now().Add(time.Hour)
			os.Chtimes(filepath.Join(dir, "a.txt"), later, later)
		}, true},
		{"edited", func() { write("a.txt", "Premier article, corrigé.") }, false},
		{"added", func() { write("c.txt", "Troisième.") }, false},
		{"removed", func() { os.Remove(filepath.Join(dir, "sub/b.md")) }, false},
	}
	prev := first
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.change()
			cur, err := ReadState(ctx, dir, prev)
			if err != nil {
				t.Fatal(err)
			}
			if got := cur.Same(prev); got != tt.same {
				t.Errorf("Same = %v, want %v (%+v vs %+v)", got, tt.same, cur, prev)
			}
			prev = cur
		})
	}

	single, err := ReadState(ctx, filepath.Join(dir, "c.txt"), State{})
	if err != nil || len(single.Files) != 1 || single.Files[0].Path != "c.txt" {
		t.Errorf("single file state = %+v, %v", single, err)
	}
}
