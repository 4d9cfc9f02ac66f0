package library

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"verbatim/retrieval/pgstore"
	"verbatim/retrieval/pgstore/pgtest"
)

// replicaStores returns two stores over one migrated schema of the test's
// own, as two serve replicas would have; it skips without DATABASE_URL.
func replicaStores(t *testing.T) (*pgstore.Store, *pgstore.Store) {
	t.Helper()
	url, schema := pgtest.Schema(t)
	cfg := pgstore.Config{URL: url, Schema: schema}
	var stores [2]*pgstore.Store
	for i := range stores {
		s, err := pgstore.Connect(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(s.Close)
		stores[i] = s
	}
	return stores[0], stores[1]
}

func TestHolderDatabaseReplicas(t *testing.T) {
	s1, s2 := replicaStores(t)
	f := newFolder(t, 3)
	var embedded atomic.Int64
	openOn := func(s *pgstore.Store) *Holder {
		h, _, err := Open(context.Background(), Config{Store: Database{Store: s, Poll: 100 * time.Millisecond}, Source: f.source(), Embedder: counting(&embedded)})
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		return h
	}
	writer := openOn(s1) // an empty database: built from the corpus
	loads := f.loads.Load()
	replica := openOn(s2)
	if f.loads.Load() != loads {
		t.Error("a replica opening a built database loaded the corpus")
	}
	if got := replica.Info().Articles; got != 3 {
		t.Fatalf("replica serves %d articles, want 3", got)
	}
	ctx, cancel := context.WithCancel(context.Background())
	following := make(chan struct{})
	go func() { defer close(following); replica.Follow(ctx) }()
	defer func() { cancel(); <-following }()

	f.write(t, 3)
	if _, err := writer.Reindex(context.Background(), nil); err != nil {
		t.Fatalf("Reindex: %v", err)
	}
	if got := writer.Info().Articles; got != 4 {
		t.Errorf("writer serves %d articles after its reindex, want 4", got)
	}
	deadline := time.Now().Add(20 * time.Second)
	for replica.Info().Articles != 4 {
		if time.Now().After(deadline) {
			t.Fatalf("replica still serves %d articles, want the writer's 4", replica.Info().Articles)
		}
		time.Sleep(20 * time.Millisecond)
	}
	// An older generation never replaces a later one.
	served := replica.Index()
	if replica.swap(writer.Index(), 1) {
		t.Error("generation 1 swapped in over a later one")
	}
	if replica.Index() != served {
		t.Error("the replica's index changed")
	}
}
