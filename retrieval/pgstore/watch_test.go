package pgstore

import (
	"context"
	"testing"
	"time"

	"verbatim/corpus"
	"verbatim/retrieval"
)

func TestWatchSeesNewGeneration(t *testing.T) {
	s, cfg := testStore(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	e := retrieval.NewLocalEmbedder()
	if _, _, err := s.Build(ctx, &corpus.Result{Articles: testArticles(3, nil)}, e, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	replica, err := Connect(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	// The watcher holds a connection: stop it before closing the pool.
	defer func() { cancel(); replica.Close() }()
	_, gen, err := replica.Open(ctx, e)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan int, 1)
	// A long interval: only the notification can deliver in time.
	go replica.Watch(ctx, e, gen, time.Minute, func(ix *retrieval.Index, _ int64) { got <- ix.Info().Articles })
	time.Sleep(200 * time.Millisecond) // let it LISTEN
	if _, _, err := s.Build(ctx, &corpus.Result{Articles: testArticles(5, nil)}, e, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	select {
	case n := <-got:
		if n != 5 {
			t.Errorf("the replica loaded %d articles, want 5", n)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the replica did not pick up the new generation within 10s")
	}
}
