package watch

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Bolt is the embedded Store: one bbolt file. The file is opened for each
// operation only, so that the bot and the terminal commands (verbatim
// watch) share it without holding its lock.
type Bolt struct {
	path string
	// timeout bounds the wait for the file's lock.
	timeout time.Duration
}

// Bucket names.
var (
	bucketWatches = []byte("watches")
	bucketSeen    = []byte("seen")
	bucketClaims  = []byte("claims")
)

// OpenBolt returns the store in the file at path, created when missing.
func OpenBolt(path string) (*Bolt, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("watch store: %w", err)
	}
	s := &Bolt{path: path, timeout: 10 * time.Second}
	if err := s.update(context.Background(), func(*bolt.Tx) error { return nil }); err != nil {
		return nil, err
	}
	return s, nil
}

// update runs fn in a write transaction on the file, with the buckets
// created.
func (s *Bolt) update(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	db, err := bolt.Open(s.path, 0o600, &bolt.Options{Timeout: s.timeout})
	if err != nil {
		return fmt.Errorf("watch store %s: %w", s.path, err)
	}
	defer db.Close()
	return db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketWatches, bucketSeen, bucketClaims} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return fmt.Errorf("watch store: %w", err)
			}
		}
		return fn(tx)
	})
}

// view runs fn in a read transaction.
func (s *Bolt) view(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	db, err := bolt.Open(s.path, 0o600, &bolt.Options{Timeout: s.timeout, ReadOnly: true})
	if err != nil {
		return fmt.Errorf("watch store %s: %w", s.path, err)
	}
	defer db.Close()
	return db.View(fn)
}

func idKey(id int64) []byte { return binary.BigEndian.AppendUint64(nil, uint64(id)) }

// Add stores w with the next ID.
func (s *Bolt) Add(ctx context.Context, w Watch) (Watch, error) {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketWatches)
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		w.ID = int64(seq)
		data, err := json.Marshal(w)
		if err != nil {
			return err
		}
		return b.Put(idKey(w.ID), data)
	})
	if err != nil {
		return Watch{}, fmt.Errorf("add watch: %w", err)
	}
	return w, nil
}

// List returns chat's watches, or all, by ID.
func (s *Bolt) List(ctx context.Context, chat int64, all bool) ([]Watch, error) {
	var out []Watch
	err := s.view(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketWatches).ForEach(func(_, v []byte) error {
			var w Watch
			if err := json.Unmarshal(v, &w); err != nil {
				return err
			}
			if all || w.Chat == chat {
				out = append(out, w)
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list watches: %w", err)
	}
	return out, nil
}

// Remove deletes chat's watch id and its claims.
func (s *Bolt) Remove(ctx context.Context, chat, id int64) error {
	return s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketWatches)
		v := b.Get(idKey(id))
		var w Watch
		if v == nil || json.Unmarshal(v, &w) != nil || w.Chat != chat {
			return ErrNotFound
		}
		if err := b.Delete(idKey(id)); err != nil {
			return err
		}
		c := tx.Bucket(bucketClaims).Cursor()
		prefix := idKey(id)
		for k, _ := c.Seek(prefix); k != nil && len(k) >= 8 && string(k[:8]) == string(prefix); k, _ = c.Seek(prefix) {
			if err := c.Delete(); err != nil {
				return err
			}
		}
		return nil
	})
}

// noted encodes a Noted: the first-seen time in Unix nanoseconds, then 1
// when done.
func encodeNoted(n Noted) []byte {
	v := binary.BigEndian.AppendUint64(nil, uint64(n.FirstSeen.UnixNano()))
	if n.Done {
		return append(v, 1)
	}
	return append(v, 0)
}

func decodeNoted(v []byte) Noted {
	if len(v) < 9 {
		return Noted{}
	}
	return Noted{FirstSeen: time.Unix(0, int64(binary.BigEndian.Uint64(v))), Done: v[8] == 1}
}

// Seen returns the articles consumer noted.
func (s *Bolt) Seen(ctx context.Context, consumer string) (map[string]Noted, error) {
	out := map[string]Noted{}
	err := s.view(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSeen).Bucket([]byte(consumer))
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			out[string(k)] = decodeNoted(v)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read seen articles: %w", err)
	}
	return out, nil
}

// Note records ids as first seen at, unless already noted.
func (s *Bolt) Note(ctx context.Context, consumer string, ids []string, at time.Time) (map[string]time.Time, error) {
	out := make(map[string]time.Time, len(ids))
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b, err := tx.Bucket(bucketSeen).CreateBucketIfNotExists([]byte(consumer))
		if err != nil {
			return err
		}
		for _, id := range ids {
			if v := b.Get([]byte(id)); v != nil {
				out[id] = decodeNoted(v).FirstSeen
				continue
			}
			if err := b.Put([]byte(id), encodeNoted(Noted{FirstSeen: at})); err != nil {
				return err
			}
			out[id] = at
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("note articles: %w", err)
	}
	return out, nil
}

// Done marks ids matched.
func (s *Bolt) Done(ctx context.Context, consumer string, ids []string) error {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b, err := tx.Bucket(bucketSeen).CreateBucketIfNotExists([]byte(consumer))
		if err != nil {
			return err
		}
		for _, id := range ids {
			n := decodeNoted(b.Get([]byte(id)))
			n.Done = true
			if err := b.Put([]byte(id), encodeNoted(n)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("mark articles matched: %w", err)
	}
	return nil
}

// claimRecord is a claim row.
type claimRecord struct {
	At     time.Time `json:"at"`
	Sent   bool      `json:"sent,omitempty"`
	Resent bool      `json:"resent,omitempty"`
}

func claimKey(watch int64, article string) []byte { return append(idKey(watch), article...) }

// Claim claims the pairs of watch and ids not claimed yet (bbolt's write
// transactions are serial: the claim of a watch's articles is atomic).
func (s *Bolt) Claim(ctx context.Context, watch int64, ids []string, at time.Time) ([]string, error) {
	var got []string
	err := s.update(ctx, func(tx *bolt.Tx) error {
		if tx.Bucket(bucketWatches).Get(idKey(watch)) == nil {
			return nil // removed meanwhile
		}
		b := tx.Bucket(bucketClaims)
		data, _ := json.Marshal(claimRecord{At: at})
		for _, id := range ids {
			k := claimKey(watch, id)
			if b.Get(k) != nil {
				continue
			}
			if err := b.Put(k, data); err != nil {
				return err
			}
			got = append(got, id)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("claim alert: %w", err)
	}
	return got, nil
}

// Sent marks the claims sent and the watch fired.
func (s *Bolt) Sent(ctx context.Context, watch int64, ids []string, at time.Time) error {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketClaims)
		for _, id := range ids {
			k := claimKey(watch, id)
			var r claimRecord
			if v := b.Get(k); v != nil {
				json.Unmarshal(v, &r)
			}
			r.Sent = true
			data, _ := json.Marshal(r)
			if err := b.Put(k, data); err != nil {
				return err
			}
		}
		wb := tx.Bucket(bucketWatches)
		v := wb.Get(idKey(watch))
		if v == nil {
			return nil
		}
		var w Watch
		if err := json.Unmarshal(v, &w); err != nil {
			return err
		}
		w.LastFired = at
		data, _ := json.Marshal(w)
		return wb.Put(idKey(watch), data)
	})
	if err != nil {
		return fmt.Errorf("mark alert sent: %w", err)
	}
	return nil
}

// Unsent takes over the claims made before and never sent, once each.
func (s *Bolt) Unsent(ctx context.Context, before time.Time) ([]Claim, error) {
	var out []Claim
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketClaims)
		type taken struct {
			k []byte
			r claimRecord
		}
		var take []taken
		err := b.ForEach(func(k, v []byte) error {
			var r claimRecord
			if json.Unmarshal(v, &r) != nil || r.Sent || r.Resent || !r.At.Before(before) {
				return nil
			}
			take = append(take, taken{slices.Clone(k), r})
			return nil
		})
		if err != nil {
			return err
		}
		for _, t := range take {
			t.r.Resent = true
			data, _ := json.Marshal(t.r)
			if err := b.Put(t.k, data); err != nil {
				return err
			}
			w := int64(binary.BigEndian.Uint64(t.k[:8]))
			if n := len(out); n > 0 && out[n-1].Watch == w {
				out[n-1].Articles = append(out[n-1].Articles, string(t.k[8:]))
			} else {
				out = append(out, Claim{Watch: w, Articles: []string{string(t.k[8:])}})
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("take over unsent alerts: %w", err)
	}
	return out, nil
}
