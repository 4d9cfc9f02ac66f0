package pgstate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"verbatim/bot"
	"verbatim/internal/atomicfile"
)

// SpillFile is the name of the file, in serve's state directory, that
// keeps the conversation turns waiting for the database
// (Conversations.SetSpillFile).
const SpillFile = "conversations-waiting.jsonl"

// spillRecord is one line of the spill file: a turn kept (ID, Chat, Turn)
// or turns no longer waiting (Done: written to the database, or dropped
// by the bounds). Lines are only appended, so a crash leaves at most a
// torn last line, which is ignored.
type spillRecord struct {
	ID   uint64    `json:"id,omitempty"`
	Chat string    `json:"chat,omitempty"`
	Turn *bot.Turn `json:"turn,omitempty"`
	Done []uint64  `json:"done,omitempty"`
}

// spill is the outage buffer's copy on disk, so that the turns waiting for
// the database survive a restart: each turn kept is appended and fsynced
// before Append returns, the turns written are marked done, and the file
// is emptied when nothing waits. Conversations.mu guards it, so that the
// file follows the buffer's order.
type spill struct {
	path string

	f      *os.File // nil until a turn is kept, or after close
	closed bool
	next   uint64 // the next turn's id
	live   int    // turns in the file not yet done
}

// spilled is a turn read back from the file.
type spilled struct {
	id   uint64
	chat string
	turn bot.Turn
}

// openSpill reads the turns still waiting in the file at path, oldest
// first, rewrites the file with them alone, and keeps it open for
// appending. A missing file is created when a turn is first kept, so
// that a store whose database never fails leaves none. Damaged lines are
// skipped and counted.
func openSpill(path string) (*spill, []spilled, int, error) {
	data, err := os.ReadFile(path)
	missing := errors.Is(err, fs.ErrNotExist)
	if err != nil && !missing {
		return nil, nil, 0, fmt.Errorf("read %s: %w", path, err)
	}
	var kept []spilled
	done := map[uint64]bool{}
	damaged := 0
	var next uint64
	lines := bytes.Split(data, []byte("\n"))
	for i, line := range lines {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var r spillRecord
		if err := json.Unmarshal(line, &r); err != nil {
			if i < len(lines)-1 { // a torn last line is a crash mid-write, not damage
				damaged++
			}
			continue
		}
		for _, id := range r.Done {
			done[id] = true
		}
		if r.Turn != nil && r.ID != 0 {
			kept = append(kept, spilled{id: r.ID, chat: r.Chat, turn: *r.Turn})
			next = max(next, r.ID)
		}
	}
	waiting := kept[:0]
	for _, k := range kept {
		if !done[k.id] {
			waiting = append(waiting, k)
		}
	}
	s := &spill{path: path, next: next + 1}
	var buf bytes.Buffer
	for _, w := range waiting {
		line, err := json.Marshal(spillRecord{ID: w.id, Chat: w.chat, Turn: &w.turn})
		if err != nil {
			return nil, nil, 0, err
		}
		buf.Write(append(line, '\n'))
	}
	if missing {
		return s, nil, damaged, nil
	}
	// Compacted once, atomically, so that the file does not grow across
	// outages; the ids go on from the largest seen.
	if err := atomicfile.WriteFile(path, buf.Bytes()); err != nil {
		return nil, nil, 0, err
	}
	if err := s.open(); err != nil {
		return nil, nil, 0, err
	}
	s.live = len(waiting)
	return s, waiting, damaged, nil
}

// open opens the file for appending, creating it (and its directory)
// when missing.
func (s *spill) open() error {
	if err := os.MkdirAll(filepath.Dir(s.path), 0o755); err != nil {
		return err
	}
	_, statErr := os.Stat(s.path)
	f, err := os.OpenFile(s.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("open %s: %w", s.path, err)
	}
	if errors.Is(statErr, fs.ErrNotExist) {
		// The new file's name is on disk before a turn is said kept.
		if err := atomicfile.SyncDir(filepath.Dir(s.path)); err != nil {
			f.Close()
			return err
		}
	}
	s.f = f
	return nil
}

// keep appends a chat's turns, fsynced, and returns their ids.
func (s *spill) keep(chat string, turns []bot.Turn) ([]uint64, error) {
	if s.closed {
		return nil, errors.New("spill file closed")
	}
	if s.f == nil {
		if err := s.open(); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	ids := make([]uint64, len(turns))
	for i := range turns {
		ids[i] = s.next + uint64(i)
		line, err := json.Marshal(spillRecord{ID: ids[i], Chat: chat, Turn: &turns[i]})
		if err != nil {
			return nil, err
		}
		buf.Write(append(line, '\n'))
	}
	// The ids are used once even when the write fails half-way.
	s.next += uint64(len(turns))
	if _, err := s.f.Write(buf.Bytes()); err != nil {
		return nil, fmt.Errorf("write %s: %w", s.path, err)
	}
	if err := s.f.Sync(); err != nil {
		return nil, fmt.Errorf("sync %s: %w", s.path, err)
	}
	s.live += len(turns)
	return ids, nil
}

// done marks turns as no longer waiting; when none waits, the file is
// emptied. A done line that does not reach the disk costs a second write
// of its turns at the next start, which the table ignores (sameTurn).
func (s *spill) done(ids []uint64) error {
	if len(ids) == 0 || s.f == nil {
		return nil
	}
	s.live -= len(ids)
	if s.live <= 0 {
		s.live = 0
		if err := s.f.Truncate(0); err != nil {
			return fmt.Errorf("empty %s: %w", s.path, err)
		}
		return s.f.Sync()
	}
	line, err := json.Marshal(spillRecord{Done: ids})
	if err != nil {
		return err
	}
	if _, err := s.f.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("write %s: %w", s.path, err)
	}
	return s.f.Sync()
}

// close closes the file; what it holds is read at the next start.
func (s *spill) close() error {
	s.closed = true
	if s.f == nil {
		return nil
	}
	err := s.f.Close()
	s.f = nil
	return err
}
