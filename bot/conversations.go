package bot

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// chatsBucket holds one key per chat, its turns as JSON; newestBucket the
// same keys, the time of the chat's newest turn (8 bytes, big-endian Unix
// nanoseconds), so that expired chats are found by reading a few pages of
// times rather than every page of turns.
var (
	chatsBucket  = []byte("chats.v1")
	newestBucket = []byte("newest.v1")
)

// lockWait bounds the wait for the file lock another process holds.
const lockWait = 5 * time.Second

// Conversations keeps the recent turns of each chat, forgetting them by a
// Retention, in a bbolt database with one key per chat: an answer reads
// and rewrites its own chat only, so its cost does not grow with the
// number of chats. Every Append is committed (fsync) before it returns. A
// store opened with no path keeps the turns in memory only. It is safe
// for concurrent use.
//
// The database is opened on first use and held (bbolt locks the file)
// until Close, which a restarted bot in the same process, or another
// process, waits for.
type Conversations struct {
	path string
	keep Retention

	mu  sync.Mutex
	db  *bolt.DB          // nil while released
	mem map[string][]Turn // the turns when path is ""
	err error             // the first failure since the last Save
}

// OpenConversations opens the store at path (a bbolt file, created when
// missing; "" keeps the turns in memory). Turns older than ttl (0: never)
// are forgotten and at most maxTurns (default DefaultConversationTurns)
// are kept per chat; now defaults to time.Now. Expired chats are dropped
// on open.
//
// The JSON file earlier versions kept (path with the extension ".json") is
// migrated once and renamed to ".json.migrated". A damaged database or
// JSON file is moved aside (".corrupt") so that nothing is lost, and
// OpenConversations returns an empty, usable store together with an error
// saying so: callers may log it and carry on. Any other failure returns a
// nil store.
func OpenConversations(path string, ttl time.Duration, maxTurns int, now func() time.Time) (*Conversations, error) {
	s := &Conversations{path: path, keep: NewRetention(ttl, maxTurns, now)}
	if path == "" {
		s.mem = map[string][]Turn{}
		return s, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("open conversations: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	aside, err := s.openLocked()
	if err != nil {
		return nil, err
	}
	warn := aside
	if legacy := legacyPath(path); legacy != path {
		if err := s.migrateLocked(legacy); err != nil {
			warn = errors.Join(warn, err)
		}
	}
	if err := s.updateLocked(s.pruneTx); err != nil {
		warn = errors.Join(warn, err)
	}
	s.releaseLocked()
	return s, warn
}

// legacyPath is the JSON file of earlier versions next to the database.
func legacyPath(path string) string {
	return strings.TrimSuffix(path, filepath.Ext(path)) + ".json"
}

// openLocked opens the database unless it is open. A damaged file is
// moved aside and an empty one created: aside then says so.
func (s *Conversations) openLocked() (aside error, err error) {
	if s.db != nil {
		return nil, nil
	}
	db, err := bolt.Open(s.path, 0o600, &bolt.Options{Timeout: lockWait})
	if err != nil && damaged(err) {
		aside = s.moveAside(err)
		db, err = bolt.Open(s.path, 0o600, &bolt.Options{Timeout: lockWait})
	}
	if err != nil {
		return aside, fmt.Errorf("open conversations %s: %w", s.path, err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{chatsBucket, newestBucket} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		db.Close()
		return aside, fmt.Errorf("open conversations %s: %w", s.path, err)
	}
	s.db = db
	return aside, nil
}

// damaged tells a file bbolt cannot read from one it may not open now
// (locked by another process, not permitted).
func damaged(err error) bool {
	return !errors.Is(err, bolterrors.ErrTimeout) && !errors.Is(err, fs.ErrPermission)
}

// moveAside renames the damaged database to path + ".corrupt" and returns
// the error that tells the caller.
func (s *Conversations) moveAside(cause error) error {
	aside := s.path + ".corrupt"
	if err := os.Rename(s.path, aside); err != nil {
		return fmt.Errorf("open conversations: %s is damaged (%w) and could not be moved aside: %w", s.path, cause, err)
	}
	return fmt.Errorf("open conversations: %s is damaged, moved to %s, starting empty: %w", s.path, aside, cause)
}

// releaseLocked closes the database; committed turns are on disk.
func (s *Conversations) releaseLocked() error {
	if s.db == nil {
		return nil
	}
	err := s.db.Close()
	s.db = nil
	return err
}

// updateLocked runs fn in a write transaction of the open database (opened
// when released). A database that panics on a damaged page is moved aside
// and the store starts empty: the error says so.
func (s *Conversations) updateLocked(fn func(tx *bolt.Tx) error) error {
	return s.txLocked(true, fn)
}

func (s *Conversations) viewLocked(fn func(tx *bolt.Tx) error) error {
	return s.txLocked(false, fn)
}

func (s *Conversations) txLocked(write bool, fn func(tx *bolt.Tx) error) (err error) {
	aside, err := s.openLocked()
	if err != nil {
		return errors.Join(aside, err)
	}
	defer func() {
		if p := recover(); p != nil {
			// bbolt panics on some damaged pages rather than erring.
			s.db.Close()
			s.db = nil
			err = s.moveAside(fmt.Errorf("%v", p))
			if _, oerr := s.openLocked(); oerr != nil {
				err = errors.Join(err, oerr)
			}
		}
	}()
	if write {
		err = s.db.Update(fn)
	} else {
		err = s.db.View(fn)
	}
	return errors.Join(aside, err)
}

// record keeps the first failure for Save to return.
func (s *Conversations) record(err error) {
	if err != nil && s.err == nil {
		s.err = err
	}
}

// migrateLocked moves the chats of the JSON file of earlier versions into
// the database, then renames the file aside. Written in one transaction:
// a crash before the rename migrates the same chats again.
func (s *Conversations) migrateLocked(legacy string) error {
	data, err := os.ReadFile(legacy)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("migrate conversations: %w", err)
	}
	var f struct {
		Chats map[string][]Turn `json:"chats"`
	}
	if err := json.Unmarshal(data, &f); err != nil {
		aside := legacy + ".corrupt"
		if rerr := os.Rename(legacy, aside); rerr != nil {
			return fmt.Errorf("migrate conversations: %s is corrupt (%w) and could not be moved aside: %w", legacy, err, rerr)
		}
		return fmt.Errorf("migrate conversations: %s is corrupt, moved to %s, its turns are not migrated: %w", legacy, aside, err)
	}
	err = s.updateLocked(func(tx *bolt.Tx) error {
		for key, turns := range f.Chats {
			if err := putTurns(tx, key, s.keep.Live(turns)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("migrate conversations: %w", err)
	}
	if err := os.Rename(legacy, legacy+".migrated"); err != nil {
		return fmt.Errorf("migrate conversations: %w", err)
	}
	return nil
}

// pruneTx deletes the chats whose newest turn has expired, reading their
// times only.
func (s *Conversations) pruneTx(tx *bolt.Tx) error {
	var expired [][]byte
	err := tx.Bucket(newestBucket).ForEach(func(k, v []byte) error {
		if len(v) != 8 || s.keep.Expired(time.Unix(0, int64(binary.BigEndian.Uint64(v)))) {
			expired = append(expired, append([]byte(nil), k...))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range expired {
		if err := putTurns(tx, string(k), nil); err != nil {
			return err
		}
	}
	return nil
}

// putTurns stores a chat's turns, or deletes the chat when there is none.
func putTurns(tx *bolt.Tx, key string, turns []Turn) error {
	chats, newest := tx.Bucket(chatsBucket), tx.Bucket(newestBucket)
	if len(turns) == 0 {
		return errors.Join(chats.Delete([]byte(key)), newest.Delete([]byte(key)))
	}
	var last time.Time
	for _, t := range turns {
		if t.At.After(last) {
			last = t.At
		}
	}
	data, err := json.Marshal(turns)
	if err != nil {
		return err
	}
	if err := chats.Put([]byte(key), data); err != nil {
		return err
	}
	return newest.Put([]byte(key), binary.BigEndian.AppendUint64(nil, uint64(last.UnixNano())))
}

// getTurns reads a chat's turns; a damaged value reads as none.
func getTurns(tx *bolt.Tx, key string) []Turn {
	data := tx.Bucket(chatsBucket).Get([]byte(key))
	if data == nil {
		return nil
	}
	var turns []Turn
	if err := json.Unmarshal(data, &turns); err != nil {
		return nil
	}
	return turns
}

// Turns returns the unexpired turns of a chat, oldest first. The slice is
// the caller's. A database failure reads as no history (Save reports it).
func (s *Conversations) Turns(key string) []Turn {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.mem != nil {
		return s.keep.Live(s.mem[key])
	}
	var turns []Turn
	err := s.viewLocked(func(tx *bolt.Tx) error {
		turns = getTurns(tx, key)
		return nil
	})
	if err != nil {
		s.record(fmt.Errorf("read conversation: %w", err))
		return nil
	}
	return s.keep.Live(turns)
}

// Append adds a turn to a chat, forgetting the oldest beyond maxTurns, and
// commits it. A turn with no time is stamped now. A failure is returned
// by the next Save.
func (s *Conversations) Append(key string, t Turn) {
	if t.At.IsZero() {
		t.At = s.keep.Now()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.mem != nil {
		if live := s.keep.Live(append(s.mem[key], t)); len(live) > 0 {
			s.mem[key] = live
		} else {
			delete(s.mem, key)
		}
		return
	}
	err := s.updateLocked(func(tx *bolt.Tx) error {
		return putTurns(tx, key, s.keep.Live(append(getTurns(tx, key), t)))
	})
	if err != nil {
		s.record(fmt.Errorf("save conversation: %w", err))
	}
}

// Last returns the most recent unexpired turn of a chat.
func (s *Conversations) Last(key string) (Turn, bool) {
	turns := s.Turns(key)
	if len(turns) == 0 {
		return Turn{}, false
	}
	return turns[len(turns)-1], true
}

// Save returns the first failure since the last Save: every Append is
// already committed, there is nothing left to write.
func (s *Conversations) Save() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.err
	s.err = nil
	return err
}

// Close returns what Save would and releases the database file. A later
// call opens it again.
func (s *Conversations) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.err
	s.err = nil
	if cerr := s.releaseLocked(); cerr != nil {
		err = errors.Join(err, fmt.Errorf("close conversations: %w", cerr))
	}
	return err
}
