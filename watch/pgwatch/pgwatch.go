// Package pgwatch keeps the watches, their progress and the alerts'
// claims in PostgreSQL, shared by replicas: a claim is a row inserted when
// absent, so that one replica sends each alert.
package pgwatch

import (
	"context"

	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"verbatim/watch"
)

// schema creates the tables when missing (they live beside the index's,
// in the pool's search_path).
const schema = `
CREATE TABLE IF NOT EXISTS watches (
	id         BIGSERIAL PRIMARY KEY,
	chat       BIGINT NOT NULL,
	text       TEXT NOT NULL,
	created    TIMESTAMPTZ NOT NULL,
	last_fired TIMESTAMPTZ
);
CREATE TABLE IF NOT EXISTS watch_seen (
	consumer   TEXT NOT NULL,
	article    TEXT NOT NULL,
	first_seen TIMESTAMPTZ NOT NULL,
	done       BOOLEAN NOT NULL DEFAULT false,
	PRIMARY KEY (consumer, article)
);
CREATE TABLE IF NOT EXISTS watch_claims (
	watch      BIGINT NOT NULL REFERENCES watches (id) ON DELETE CASCADE,
	article    TEXT NOT NULL,
	claimed_at TIMESTAMPTZ NOT NULL,
	sent       BOOLEAN NOT NULL DEFAULT false,
	resent     BOOLEAN NOT NULL DEFAULT false,
	PRIMARY KEY (watch, article)
);`

// Store is the PostgreSQL watch.Store.
type Store struct {
	pool *pgxpool.Pool
}

// Open creates the tables when missing and returns the store.
func Open(ctx context.Context, pool *pgxpool.Pool) (*Store, error) {
	// Replicas starting together: one creates, the others wait.
	tx, err := pool.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("watch tables: %w", err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('verbatim watch schema'))`); err != nil {
		return nil, fmt.Errorf("watch tables: %w", err)
	}
	if _, err := tx.Exec(ctx, schema); err != nil {
		return nil, fmt.Errorf("watch tables: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("watch tables: %w", err)
	}
	return &Store{pool: pool}, nil
}

// Add stores w with a new ID.
func (s *Store) Add(ctx context.Context, w watch.Watch) (watch.Watch, error) {
	err := s.pool.QueryRow(ctx, `INSERT INTO watches (chat, text, created) VALUES ($1, $2, $3) RETURNING id`,
		w.Chat, w.Text, w.Created).Scan(&w.ID)
	if err != nil {
		return watch.Watch{}, fmt.Errorf("add watch: %w", err)
	}
	return w, nil
}

// List returns chat's watches, or all, by ID.
func (s *Store) List(ctx context.Context, chat int64, all bool) ([]watch.Watch, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, chat, text, created, last_fired FROM watches WHERE $2 OR chat = $1 ORDER BY id`, chat, all)
	if err != nil {
		return nil, fmt.Errorf("list watches: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (watch.Watch, error) {
		var w watch.Watch
		var last *time.Time
		err := r.Scan(&w.ID, &w.Chat, &w.Text, &w.Created, &last)
		if last != nil {
			w.LastFired = *last
		}
		return w, err
	})
	if err != nil {
		return nil, fmt.Errorf("list watches: %w", err)
	}
	return out, nil
}

// Remove deletes chat's watch id and its claims.
func (s *Store) Remove(ctx context.Context, chat, id int64) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM watches WHERE id = $1 AND chat = $2`, id, chat)
	if err != nil {
		return fmt.Errorf("remove watch: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return watch.ErrNotFound
	}
	return nil
}

// Seen returns the articles consumer noted.
func (s *Store) Seen(ctx context.Context, consumer string) (map[string]watch.Noted, error) {
	rows, err := s.pool.Query(ctx, `SELECT article, first_seen, done FROM watch_seen WHERE consumer = $1`, consumer)
	if err != nil {
		return nil, fmt.Errorf("read seen articles: %w", err)
	}
	defer rows.Close()
	out := map[string]watch.Noted{}
	for rows.Next() {
		var id string
		var n watch.Noted
		if err := rows.Scan(&id, &n.FirstSeen, &n.Done); err != nil {
			return nil, fmt.Errorf("read seen articles: %w", err)
		}
		out[id] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read seen articles: %w", err)
	}
	return out, nil
}

// Note records ids as first seen at, keeping the time another replica
// recorded first.
func (s *Store) Note(ctx context.Context, consumer string, ids []string, at time.Time) (map[string]time.Time, error) {
	out := make(map[string]time.Time, len(ids))
	const batch = 5000
	for lo := 0; lo < len(ids); lo += batch {
		part := ids[lo:min(lo+batch, len(ids))]
		rows, err := s.pool.Query(ctx, `
			INSERT INTO watch_seen (consumer, article, first_seen) SELECT $1, unnest($2::text[]), $3
			ON CONFLICT (consumer, article) DO UPDATE SET first_seen = watch_seen.first_seen
			RETURNING article, first_seen`, consumer, part, at)
		if err != nil {
			return nil, fmt.Errorf("note articles: %w", err)
		}
		for rows.Next() {
			var id string
			var t time.Time
			if err := rows.Scan(&id, &t); err != nil {
				rows.Close()
				return nil, fmt.Errorf("note articles: %w", err)
			}
			out[id] = t
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("note articles: %w", err)
		}
	}
	return out, nil
}

// Done marks ids matched.
func (s *Store) Done(ctx context.Context, consumer string, ids []string) error {
	if _, err := s.pool.Exec(ctx, `UPDATE watch_seen SET done = true WHERE consumer = $1 AND article = ANY($2)`, consumer, ids); err != nil {
		return fmt.Errorf("mark articles matched: %w", err)
	}
	return nil
}

// Claim inserts the claims of watch's articles not claimed yet, under a
// lock of the watch, so that one replica claims them all.
func (s *Store) Claim(ctx context.Context, w int64, ids []string, at time.Time) ([]string, error) {
	var got []string
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('verbatim watch'), $1::int)`, int32(w)); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `
			INSERT INTO watch_claims (watch, article, claimed_at)
			SELECT $1, unnest($2::text[]), $3 WHERE EXISTS (SELECT 1 FROM watches WHERE id = $1)
			ON CONFLICT DO NOTHING RETURNING article`, w, ids, at)
		if err != nil {
			return err
		}
		got, err = pgx.CollectRows(rows, pgx.RowTo[string])
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("claim alert: %w", err)
	}
	return got, nil
}

// Sent marks the claims sent and the watch fired.
func (s *Store) Sent(ctx context.Context, w int64, ids []string, at time.Time) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE watch_claims SET sent = true WHERE watch = $1 AND article = ANY($2)`, w, ids); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE watches SET last_fired = $2 WHERE id = $1`, w, at)
		return err
	})
	if err != nil {
		return fmt.Errorf("mark alert sent: %w", err)
	}
	return nil
}

// Unsent takes over the claims made before and never sent, once each:
// the update that marks them resent returns them to one replica only.
func (s *Store) Unsent(ctx context.Context, before time.Time) ([]watch.Claim, error) {
	rows, err := s.pool.Query(ctx, `
		UPDATE watch_claims SET resent = true
		WHERE NOT sent AND NOT resent AND claimed_at < $1
		RETURNING watch, article`, before)
	if err != nil {
		return nil, fmt.Errorf("take over unsent alerts: %w", err)
	}
	defer rows.Close()
	byWatch := map[int64]int{}
	var out []watch.Claim
	for rows.Next() {
		var w int64
		var id string
		if err := rows.Scan(&w, &id); err != nil {
			return nil, fmt.Errorf("take over unsent alerts: %w", err)
		}
		i, ok := byWatch[w]
		if !ok {
			i = len(out)
			byWatch[w] = i
			out = append(out, watch.Claim{Watch: w})
		}
		out[i].Articles = append(out[i].Articles, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("take over unsent alerts: %w", err)
	}
	return out, nil
}

var _ watch.Store = (*Store)(nil)
