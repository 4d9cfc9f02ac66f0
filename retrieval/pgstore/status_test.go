package pgstore

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"verbatim/corpus"
	"verbatim/retrieval"
)

func TestBuildStatus(t *testing.T) {
	s, _ := testStore(t)
	ctx := context.Background()
	e := retrieval.NewLocalEmbedder()
	status := func(t *testing.T) BuildStatus {
		t.Helper()
		st, err := s.BuildStatus(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	if st := status(t); st != (BuildStatus{}) {
		t.Errorf("empty database: %+v, want the zero status", st)
	}
	if _, _, err := s.Build(ctx, &corpus.Result{Articles: testArticles(5, nil)}, e, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	gen := s.generation(t)
	if st := status(t); st.Generation != gen || !st.Running.IsZero() || !st.Failed.IsZero() {
		t.Errorf("after a build: %+v, want generation %d, nothing running or failed", st, gen)
	}

	t.Run("a failed build", func(t *testing.T) {
		var n atomic.Int64
		_, _, err := s.Build(ctx, &corpus.Result{Articles: testArticles(8, nil)}, countingEmbedder(&n, 1), BuildOptions{})
		if err == nil {
			t.Fatal("build with a failing embedder: no error")
		}
		st := status(t)
		if st.Generation != gen || st.Failed.IsZero() || !strings.Contains(st.Why, "embedding service down") {
			t.Errorf("status %+v, want generation %d and the failure", st, gen)
		}
	})

	t.Run("a build running, then its writer gone", func(t *testing.T) {
		lock, ok, err := s.tryLock(ctx, "writer")
		if err != nil || !ok {
			t.Fatalf("writer lock: ok %v, err %v", ok, err)
		}
		if _, err := s.startGeneration(ctx, e, "f", "c"); err != nil {
			t.Fatal(err)
		}
		if st := status(t); st.Running.IsZero() || !st.Failed.IsZero() {
			t.Errorf("with the writer holding the lock: %+v, want running", st)
		}
		lock.release()
		if st := status(t); !st.Running.IsZero() || st.Failed.IsZero() || st.Why == "" {
			t.Errorf("with the writer gone: %+v, want an interrupted build", st)
		}
	})
}
