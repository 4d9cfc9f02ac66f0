package pgstate

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"verbatim/bot"
)

func spillLine(t *testing.T, r spillRecord) string {
	t.Helper()
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(data) + "\n"
}

// TestOpenSpill: the turns a file still holds are those kept and not
// done, in order, whatever the order of the done lines; a torn last line
// (a crash mid-write) is ignored, a damaged line counted; the file is
// compacted to the waiting turns and the ids go on from the largest.
func TestOpenSpill(t *testing.T) {
	turn := func(q string) *bot.Turn { return &bot.Turn{Question: q} }
	tests := []struct {
		name        string
		file        func(t *testing.T) string // "" : no file
		want        []string                  // chat/question of the waiting turns
		wantDamaged int
		wantNext    uint64
	}{
		{"no file", nil, nil, 0, 1},
		{"empty", func(*testing.T) string { return "" }, nil, 0, 1},
		{"kept and done", func(t *testing.T) string {
			return spillLine(t, spillRecord{ID: 1, Chat: "a", Turn: turn("q1")}) +
				spillLine(t, spillRecord{Done: []uint64{3}}) + // done before it is kept: a drop racing the write
				spillLine(t, spillRecord{ID: 2, Chat: "b", Turn: turn("p1")}) +
				spillLine(t, spillRecord{ID: 3, Chat: "a", Turn: turn("q2")}) +
				spillLine(t, spillRecord{ID: 4, Chat: "a", Turn: turn("q3")}) +
				spillLine(t, spillRecord{Done: []uint64{1}})
		}, []string{"b/p1", "a/q3"}, 0, 5},
		{"torn last line", func(t *testing.T) string {
			return spillLine(t, spillRecord{ID: 7, Chat: "a", Turn: turn("q1")}) + `{"id":8,"chat":"a","tu`
		}, []string{"a/q1"}, 0, 8},
		{"damaged line", func(t *testing.T) string {
			return "not json\n" + spillLine(t, spillRecord{ID: 2, Chat: "a", Turn: turn("q1")})
		}, []string{"a/q1"}, 1, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "state", SpillFile)
			if tt.file != nil {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(tt.file(t)), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			s, kept, damaged, err := openSpill(path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.close()
			var got []string
			for _, k := range kept {
				got = append(got, k.chat+"/"+k.turn.Question)
			}
			if !slices.Equal(got, tt.want) || damaged != tt.wantDamaged || s.next != tt.wantNext {
				t.Errorf("openSpill = %v, %d damaged, next id %d; want %v, %d, %d", got, damaged, s.next, tt.want, tt.wantDamaged, tt.wantNext)
			}
			// Compacted: read again, the same turns, and no done line left.
			data, err := os.ReadFile(path)
			if tt.file == nil {
				if !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("openSpill with no file left one (%v): nothing waits, want none", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(string(data), "\n"); n != len(tt.want) || strings.Contains(string(data), "done") {
				t.Errorf("compacted file has %d lines (%q), want %d turns", n, data, len(tt.want))
			}
		})
	}
}

// TestSpillKeepDone: turns kept are in the file, fsynced, until done; when
// none waits the file is empty; the turns kept survive a reopen, and the
// ids go on.
func TestSpillKeepDone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", SpillFile)
	s, _, _, err := openSpill(path)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := s.keep("a", []bot.Turn{{Question: "q1"}, {Question: "q2"}})
	if err != nil {
		t.Fatal(err)
	}
	more, err := s.keep("b", []bot.Turn{{Question: "p1"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.done(ids[:1]); err != nil {
		t.Fatal(err)
	}
	if err := s.close(); err != nil {
		t.Fatal(err)
	}
	reopened, kept, _, err := openSpill(path)
	if err != nil {
		t.Fatal(err)
	}
	defer reopened.close()
	var got []string
	for _, k := range kept {
		got = append(got, k.chat+"/"+k.turn.Question)
	}
	if want := []string{"a/q2", "b/p1"}; !slices.Equal(got, want) {
		t.Errorf("reopened file holds %v, want %v", got, want)
	}
	if err := reopened.done([]uint64{ids[1], more[0]}); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(path); err != nil || len(data) != 0 {
		t.Errorf("file with nothing waiting: %q, %v; want it empty", data, err)
	}
	if next, err := reopened.keep("c", []bot.Turn{{Question: "r1"}}); err != nil || next[0] != more[0]+1 {
		t.Errorf("id after a reopen: %v, %v; want %d", next, err, more[0]+1)
	}
}
