package bot

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"verbatim/corpus"
)

// clock is a settable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func turn(q string) Turn {
	return Turn{Question: q, Answer: Answer{Question: q, Text: "réponse à " + q, Lang: "fr"}}
}

func questions(turns []Turn) string {
	var qs []string
	for _, t := range turns {
		qs = append(qs, t.Question)
	}
	return strings.Join(qs, ",")
}

func TestConversations(t *testing.T) {
	clk := &clock{t: time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC)}
	path := filepath.Join(t.TempDir(), "state", "conversations.json")
	s, err := OpenConversations(path, time.Hour, 3, clk.now)
	if err != nil {
		t.Fatalf("open missing file: %v", err)
	}
	if _, ok := s.Last("a"); ok {
		t.Error("Last on an empty store reported a turn")
	}
	for _, q := range []string{"q1", "q2", "q3", "q4"} {
		s.Append("a", turn(q))
		clk.add(10 * time.Minute)
	}
	s.Append("b", turn("b1"))
	if got, want := questions(s.Turns("a")), "q2,q3,q4"; got != want {
		t.Errorf("Turns(a) = %s, want %s (at most 3)", got, want)
	}
	if last, ok := s.Last("a"); !ok || last.Question != "q4" {
		t.Errorf("Last(a) = %q, %v; want q4, true", last.Question, ok)
	}
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}

	// Reopened at +70 minutes: q2, asked at +10, has expired.
	clk.add(30 * time.Minute)
	r, err := OpenConversations(path, time.Hour, 3, clk.now)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ key, want string }{{"a", "q3,q4"}, {"b", "b1"}, {"unknown", ""}}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			if got := questions(r.Turns(tt.key)); got != tt.want {
				t.Errorf("Turns(%s) = %q, want %q", tt.key, got, tt.want)
			}
		})
	}
	if got := r.Turns("a")[0].Answer.Text; got != "réponse à q3" {
		t.Errorf("reloaded answer text = %q, want %q", got, "réponse à q3")
	}
	clk.add(2 * time.Hour)
	if got := r.Turns("b"); len(got) != 0 {
		t.Errorf("after the TTL, Turns(b) = %v, want none", got)
	}
	if err := r.Save(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "q4") {
		t.Errorf("saved file still holds expired turns: %s", data)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("directory holds %d files, want only the store (no temporary left)", len(entries))
	}
}

func TestConversationsCorruptFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "conversations.json")
	if err := os.WriteFile(path, []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := OpenConversations(path, 0, 0, nil)
	if err == nil || !strings.Contains(err.Error(), "corrupt") {
		t.Fatalf("err = %v, want a corrupt-file error", err)
	}
	if s == nil {
		t.Fatal("store is nil, want an empty usable store")
	}
	if b, rerr := os.ReadFile(path + ".corrupt"); rerr != nil || string(b) != "{not json" {
		t.Errorf("corrupt file not kept aside: %q, %v", b, rerr)
	}
	s.Append("x", turn("q"))
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	r, err := OpenConversations(path, 0, 0, nil)
	if err != nil || questions(r.Turns("x")) != "q" {
		t.Errorf("reopen after save: %v, turns %q; want q", err, questions(r.Turns("x")))
	}
}

func TestConversationsConcurrent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "conversations.json")
	s, err := OpenConversations(path, time.Hour, 50, nil)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 10 {
				s.Append(string(rune('a'+i)), turn("q"))
				if j%3 == 0 {
					if err := s.Save(); err != nil {
						t.Error(err)
					}
				}
				s.Turns("a")
			}
		}()
	}
	wg.Wait()
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	r, err := OpenConversations(path, time.Hour, 50, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 8 {
		if got := len(r.Turns(string(rune('a' + i)))); got != 10 {
			t.Errorf("chat %c has %d turns, want 10", 'a'+i, got)
		}
	}
}

func TestConversationsKeepCitationPlaces(t *testing.T) {
	path := filepath.Join(t.TempDir(), "conversations.json")
	s, err := OpenConversations(path, 0, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := Citation{N: 1, Quote: "« non »", DocID: "a1", ChunkID: "a1#1", QuoteStart: 52, QuoteEnd: 61, Verified: true,
		Passage: corpus.Chunk{ID: "a1#1", Text: "not saved"}}
	s.Append("a", Turn{Question: "q", Answer: Answer{Citations: []Citation{want}}})
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	r, err := OpenConversations(path, 0, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	last, ok := r.Last("a")
	if !ok || len(last.Answer.Citations) != 1 {
		t.Fatalf("reloaded turn = %+v, want one citation", last)
	}
	want.Passage = corpus.Chunk{} // named by ChunkID, not saved
	if got := last.Answer.Citations[0]; !reflect.DeepEqual(got, want) {
		t.Errorf("reloaded citation = %+v, want %+v", got, want)
	}
}
