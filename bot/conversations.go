package bot

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Conversations keeps the recent turns of each chat, drops those older
// than a TTL, and persists them to a JSON file. It is safe for concurrent
// use.
type Conversations struct {
	path     string
	ttl      time.Duration
	maxTurns int
	now      func() time.Time

	mu    sync.Mutex
	chats map[string][]Turn
	// saveMu orders writers of the file.
	saveMu sync.Mutex
}

// conversationsFile is the JSON layout of the file.
type conversationsFile struct {
	Version int               `json:"version"`
	Chats   map[string][]Turn `json:"chats"`
}

// OpenConversations loads the store at path; a missing file is an empty
// store. Turns older than ttl (0: never) are forgotten and at most maxTurns
// (default 6) are kept per chat; now defaults to time.Now.
//
// A file that cannot be parsed is moved aside to path + ".corrupt" so that
// nothing is lost, and OpenConversations returns an empty, usable store
// together with an error saying so: callers may log it and carry on. Any
// other read error returns a nil store.
func OpenConversations(path string, ttl time.Duration, maxTurns int, now func() time.Time) (*Conversations, error) {
	if maxTurns <= 0 {
		maxTurns = 6
	}
	if now == nil {
		now = time.Now
	}
	s := &Conversations{path: path, ttl: ttl, maxTurns: maxTurns, now: now, chats: map[string][]Turn{}}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("open conversations: %w", err)
	}
	var f conversationsFile
	if err := json.Unmarshal(data, &f); err != nil {
		aside := path + ".corrupt"
		if rerr := os.Rename(path, aside); rerr != nil {
			return s, fmt.Errorf("open conversations: %s is corrupt (%w) and could not be moved aside: %w", path, err, rerr)
		}
		return s, fmt.Errorf("open conversations: %s is corrupt, moved to %s, starting empty: %w", path, aside, err)
	}
	for key, turns := range f.Chats {
		s.chats[key] = turns
	}
	s.mu.Lock()
	s.pruneLocked()
	s.mu.Unlock()
	return s, nil
}

// live returns the unexpired turns among turns, at most maxTurns, the most
// recent kept.
func (s *Conversations) live(turns []Turn) []Turn {
	var out []Turn
	for _, t := range turns {
		if s.ttl <= 0 || s.now().Sub(t.At) < s.ttl {
			out = append(out, t)
		}
	}
	if len(out) > s.maxTurns {
		out = out[len(out)-s.maxTurns:]
	}
	return out
}

func (s *Conversations) pruneLocked() {
	for key, turns := range s.chats {
		if live := s.live(turns); len(live) > 0 {
			s.chats[key] = live
		} else {
			delete(s.chats, key)
		}
	}
}

// Turns returns the unexpired turns of a chat, oldest first. The slice is
// the caller's.
func (s *Conversations) Turns(key string) []Turn {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.live(s.chats[key])
}

// Append adds a turn to a chat, forgetting the oldest beyond maxTurns. A
// turn with no time is stamped now.
func (s *Conversations) Append(key string, t Turn) {
	if t.At.IsZero() {
		t.At = s.now()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chats[key] = s.live(append(s.chats[key], t))
}

// Last returns the most recent unexpired turn of a chat.
func (s *Conversations) Last(key string) (Turn, bool) {
	turns := s.Turns(key)
	if len(turns) == 0 {
		return Turn{}, false
	}
	return turns[len(turns)-1], true
}

// Save writes the unexpired turns to the file atomically: a temporary file
// in the same directory, synced, then renamed over the old one.
func (s *Conversations) Save() error {
	s.saveMu.Lock()
	defer s.saveMu.Unlock()
	s.mu.Lock()
	s.pruneLocked()
	data, err := json.Marshal(conversationsFile{Version: 1, Chats: s.chats})
	s.mu.Unlock()
	if err != nil {
		return fmt.Errorf("save conversations: %w", err)
	}
	dir := filepath.Dir(s.path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("save conversations: %w", err)
	}
	tmp, err := os.CreateTemp(dir, filepath.Base(s.path)+".tmp*")
	if err != nil {
		return fmt.Errorf("save conversations: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("save conversations: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("save conversations: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save conversations: %w", err)
	}
	if err := os.Rename(tmp.Name(), s.path); err != nil {
		return fmt.Errorf("save conversations: %w", err)
	}
	return nil
}
