package feeds

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"verbatim/internal/atomicfile"
)

// stateFile is the poller's memory, inside the feeds folder; the corpus
// loader skips hidden files.
const stateFile = ".state.json"

// FeedState is what is known of one feed.
type FeedState struct {
	URL   string `json:"url"`
	Title string `json:"title,omitempty"`
	// ETag and LastModified validate the next conditional GET.
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	LastPoll     time.Time `json:"last_poll,omitzero"`
	LastSuccess  time.Time `json:"last_success,omitzero"`
	// Failures counts the failed polls since the last success; NextTry is
	// when the feed is polled again after one (exponential backoff).
	Failures  int       `json:"failures,omitempty"`
	LastError string    `json:"last_error,omitempty"`
	NextTry   time.Time `json:"next_try,omitzero"`
	// FailedConfig fingerprints the fetch configuration of the last
	// failure: once it changes (FEEDS_ALLOW_PRIVATE set, say), the feed is
	// retried without waiting out its backoff.
	FailedConfig string `json:"failed_config,omitempty"`
	Added        int    `json:"added,omitempty"`
}

// Entry is one stored article.
type Entry struct {
	URL    string    `json:"url"`
	Hash   string    `json:"hash"`
	Path   string    `json:"path"` // relative to the corpus folder
	Title  string    `json:"title"`
	Date   string    `json:"date,omitempty"`
	Source string    `json:"source,omitempty"`
	Added  time.Time `json:"added"`
}

// itemState remembers an item already handled, so that it is fetched once.
type itemState struct {
	// URL is the stored article's canonical URL, "" when the item was
	// skipped.
	URL string `json:"url,omitempty"`
	// Reason is why the item was skipped; Attempts counts transient
	// failures, retried up to maxAttempts.
	Reason   string `json:"reason,omitempty"`
	Attempts int    `json:"attempts,omitempty"`
	Final    bool   `json:"final,omitempty"`
	// Config fingerprints the fetch configuration of the last failure: a
	// final refusal is retried once it changes.
	Config string `json:"config,omitempty"`
}

// state is the whole persisted memory.
type state struct {
	Feeds    map[string]*FeedState `json:"feeds"`
	Items    map[string]*itemState `json:"items"`
	Articles map[string]*Entry     `json:"articles"` // by canonical URL
	Hashes   map[string]string     `json:"hashes"`   // content hash -> canonical URL
}

func newState() *state {
	return &state{Feeds: map[string]*FeedState{}, Items: map[string]*itemState{}, Articles: map[string]*Entry{}, Hashes: map[string]string{}}
}

// loadState reads the state at path; a missing file is an empty state. An
// empty or damaged file (a crash, a full disk, a hand edit) is moved aside
// as path.damaged-TIME, whose name is returned, and the state starts empty,
// to be rebuilt from the stored articles: the articles matter, the state
// only saves requests.
func loadState(path string, now time.Time) (s *state, movedTo string, err error) {
	s = newState()
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, "", nil
	}
	if err != nil {
		return nil, "", fmt.Errorf("read feed state: %w", err)
	}
	if uerr := json.Unmarshal(data, s); uerr != nil || len(data) == 0 {
		movedTo = fmt.Sprintf("%s.damaged-%s", path, now.UTC().Format("20060102T150405.000000000Z"))
		if err := os.Rename(path, movedTo); err != nil {
			return nil, "", fmt.Errorf("move the damaged feed state %s aside: %w", path, err)
		}
		if err := atomicfile.SyncDir(filepath.Dir(path)); err != nil {
			return nil, "", fmt.Errorf("move the damaged feed state %s aside: %w", path, err)
		}
		s = newState()
	}
	if s.Feeds == nil {
		s.Feeds = map[string]*FeedState{}
	}
	if s.Items == nil {
		s.Items = map[string]*itemState{}
	}
	if s.Articles == nil {
		s.Articles = map[string]*Entry{}
	}
	if s.Hashes == nil {
		s.Hashes = map[string]string{}
	}
	return s, movedTo, nil
}

// save writes the state atomically.
func (s *state) save(path string) error {
	data, err := json.MarshalIndent(s, "", " ")
	if err != nil {
		return fmt.Errorf("save feed state: %w", err)
	}
	return atomicfile.WriteFile(path, data)
}
