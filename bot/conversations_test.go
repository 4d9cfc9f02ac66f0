package bot

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

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
	path := filepath.Join(t.TempDir(), "state", "conversations.db")
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
	if err := s.Close(); err != nil {
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
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	// Opening drops the expired chats from the file.
	if _, err := OpenConversations(path, time.Hour, 3, clk.now); err != nil {
		t.Fatal(err)
	}
	if got := storedChats(t, path); len(got) != 0 {
		t.Errorf("file still holds expired chats %v", got)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("directory holds %d files, want only the store (no temporary left)", len(entries))
	}
}

// storedChats lists the chats kept in the database at path.
func storedChats(t *testing.T, path string) []string {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var keys []string
	err = db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(chatsBucket).ForEach(func(k, _ []byte) error {
			keys = append(keys, string(k))
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

func TestRetention(t *testing.T) {
	now := time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC)
	at := func(q string, ago time.Duration) Turn { return Turn{Question: q, At: now.Add(-ago)} }
	turns := []Turn{at("q1", 3*time.Hour), at("q2", 50*time.Minute), at("q3", 10*time.Minute), at("q4", 0)}
	tests := []struct {
		name     string
		ttl      time.Duration
		maxTurns int
		want     string
	}{
		{"no ttl keeps every age", 0, 10, "q1,q2,q3,q4"},
		{"ttl forgets older turns", time.Hour, 10, "q2,q3,q4"},
		{"a turn exactly ttl old is forgotten", 50 * time.Minute, 10, "q3,q4"},
		{"at most maxTurns, the most recent", 0, 2, "q3,q4"},
		{"default maxTurns", 0, 0, "q1,q2,q3,q4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewRetention(tt.ttl, tt.maxTurns, func() time.Time { return now })
			if got := questions(r.Live(turns)); got != tt.want {
				t.Errorf("Live = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestConversationsInMemory(t *testing.T) {
	s, err := OpenConversations("", time.Hour, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"q1", "q2", "q3"} {
		s.Append("a", turn(q))
	}
	if got, want := questions(s.Turns("a")), "q2,q3"; got != want {
		t.Errorf("Turns = %s, want %s", got, want)
	}
	if err := s.Close(); err != nil {
		t.Errorf("Save = %v", err)
	}
}

// legacyFile is the JSON layout earlier versions kept.
func legacyFile(t *testing.T, chats map[string][]Turn) []byte {
	t.Helper()
	data, err := json.Marshal(map[string]any{"version": 1, "chats": chats})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestConversationsMigrateJSON(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "conversations.db")
	now := time.Now()
	old := legacyFile(t, map[string][]Turn{
		"a":   {{Question: "q1", At: now.Add(-2 * time.Minute)}, {Question: "q2", At: now.Add(-time.Minute)}},
		"old": {{Question: "gone", At: now.Add(-48 * time.Hour)}},
	})
	if err := os.WriteFile(filepath.Join(dir, "conversations.json"), old, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := OpenConversations(path, time.Hour, 6, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := questions(s.Turns("a")), "q1,q2"; got != want {
		t.Errorf("migrated Turns(a) = %s, want %s", got, want)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if got := storedChats(t, path); !reflect.DeepEqual(got, []string{"a"}) {
		t.Errorf("stored chats = %v, want [a] (the expired chat not migrated)", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "conversations.json")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("conversations.json still in place: %v", err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "conversations.json.migrated")); err != nil || !bytes.Equal(b, old) {
		t.Errorf("migrated file not kept aside: %v", err)
	}
	// Migrated once: a later turn is not overwritten on reopen.
	s.Append("a", turn("q3"))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := OpenConversations(path, time.Hour, 6, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := questions(r.Turns("a")), "q1,q2,q3"; got != want {
		t.Errorf("after reopen Turns(a) = %s, want %s", got, want)
	}
}

func TestConversationsDamagedFiles(t *testing.T) {
	valid := func(t *testing.T, path string) []byte {
		s, err := OpenConversations(path, 0, 0, nil)
		if err != nil {
			t.Fatal(err)
		}
		s.Append("x", turn("before"))
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	tests := []struct {
		name      string
		file      string // the damaged file's name
		content   func(t *testing.T, path string) []byte
		wantAside string
	}{
		{"garbage database", "conversations.db", func(*testing.T, string) []byte { return []byte("{not a database") }, "conversations.db.corrupt"},
		{"truncated database", "conversations.db", func(t *testing.T, path string) []byte { return valid(t, path)[:300] }, "conversations.db.corrupt"},
		{"zeroed database", "conversations.db", func(t *testing.T, path string) []byte { return make([]byte, len(valid(t, path))) }, "conversations.db.corrupt"},
		{"corrupt legacy JSON", "conversations.json", func(*testing.T, string) []byte { return []byte("{not json") }, "conversations.json.corrupt"},
		{"empty legacy JSON", "conversations.json", func(*testing.T, string) []byte { return nil }, "conversations.json.corrupt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "conversations.db")
			content := tt.content(t, filepath.Join(t.TempDir(), "conversations.db"))
			if err := os.WriteFile(filepath.Join(dir, tt.file), content, 0o644); err != nil {
				t.Fatal(err)
			}
			s, err := OpenConversations(path, 0, 0, nil)
			if err == nil || !strings.Contains(err.Error(), "moved to") {
				t.Errorf("err = %v, want a moved-aside warning", err)
			}
			if s == nil {
				t.Fatal("store is nil, want an empty usable store")
			}
			if b, rerr := os.ReadFile(filepath.Join(dir, tt.wantAside)); rerr != nil || !bytes.Equal(b, content) {
				t.Errorf("damaged file not kept aside as %s: %v", tt.wantAside, rerr)
			}
			s.Append("x", turn("q"))
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			r, err := OpenConversations(path, 0, 0, nil)
			if err != nil || questions(r.Turns("x")) != "q" {
				t.Errorf("reopen after save: %v, turns %q; want q", err, questions(r.Turns("x")))
			}
		})
	}
}

func TestConversationsConcurrent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "conversations.db")
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
	if err := s.Close(); err != nil {
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
	path := filepath.Join(t.TempDir(), "conversations.db")
	s, err := OpenConversations(path, 0, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := Citation{N: 1, Quote: "« non »", DocID: "a1", ChunkID: "a1#1", QuoteStart: 52, QuoteEnd: 61, Verified: true,
		Passage: corpus.Chunk{ID: "a1#1", Text: "not saved"}}
	s.Append("a", Turn{Question: "q", Answer: Answer{Citations: []Citation{want}}})
	if err := s.Close(); err != nil {
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
