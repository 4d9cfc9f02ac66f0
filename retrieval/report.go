package retrieval

import (
	"time"

	"verbatim/corpus"
)

// Report summarises one (incremental) index build.
type Report struct {
	Articles  int              `json:"articles"`
	Chunks    int              `json:"chunks"`
	Added     int              `json:"added"`
	Updated   int              `json:"updated"`
	Removed   int              `json:"removed"`
	Unchanged int              `json:"unchanged"`
	Embedded  int              `json:"embedded"`
	Skipped   []corpus.Skipped `json:"skipped"`
	Seconds   float64          `json:"seconds"`
}

// Info describes a loaded index.
type Info struct {
	Articles   int         `json:"articles"`
	Chunks     int         `json:"chunks"`
	BuiltAt    time.Time   `json:"built_at"`
	Embedder   string      `json:"embedder"`
	Model      string      `json:"model"`
	Dimensions int         `json:"dimensions"`
	Langs      []string    `json:"langs"`
	Oldest     corpus.Date `json:"oldest"`
	Newest     corpus.Date `json:"newest"`
}
