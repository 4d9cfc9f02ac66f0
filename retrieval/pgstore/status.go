package pgstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// BuildStatus is the reindex status kept in the database, for any
// replica to show: the last build newer than the generation serving,
// when there is one.
type BuildStatus struct {
	// Generation is the generation serving (0: none yet).
	Generation int64
	// Running is when a build still holding the writer lock started
	// (zero: none).
	Running time.Time
	// Failed is when the last build newer than Generation failed, or
	// stopped without publishing (its writer killed), and Why says why;
	// zero when it published or none was tried.
	Failed time.Time
	Why    string
}

// BuildStatus reads the reindex status.
func (s *Store) BuildStatus(ctx context.Context) (BuildStatus, error) {
	qctx, cancel := s.query(ctx)
	defer cancel()
	var st BuildStatus
	if err := s.pool.QueryRow(qctx, "SELECT coalesce((SELECT generation FROM current_generation), 0)").Scan(&st.Generation); err != nil {
		return st, fmt.Errorf("read the build status: %w", err)
	}
	var state, why string
	var started, finished time.Time
	var locked bool
	// A build's writer holds the advisory lock (see tryLock): a row still
	// "building" without it was left by a killed writer.
	err := s.pool.QueryRow(qctx, `SELECT state, started_at, coalesce(finished_at, started_at), error,
			EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1 AND granted
				AND ((classid::bigint << 32) | objid::bigint) = $2)
		FROM generations WHERE id > $1 ORDER BY id DESC LIMIT 1`, st.Generation, s.lockKey("writer")).
		Scan(&state, &started, &finished, &why, &locked)
	if errors.Is(err, pgx.ErrNoRows) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("read the build status: %w", err)
	}
	switch {
	case state == "building" && locked:
		st.Running = started.UTC()
	case state == "building":
		st.Failed, st.Why = started.UTC(), "the writer stopped before publishing"
	case state == "failed" || state == "abandoned":
		st.Failed, st.Why = finished.UTC(), why
	}
	return st, nil
}
