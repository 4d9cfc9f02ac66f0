package pgstore

import (
	"context"
	"testing"
	"time"

	"verbatim/retrieval/pgstore/pgtest"
)

// testStore connects to DATABASE_URL in a schema of the test's own,
// dropped when the test ends; it skips when DATABASE_URL is unset.
func testStore(t testing.TB) (*Store, Config) {
	t.Helper()
	url, schema := pgtest.Schema(t)
	cfg := Config{URL: url, Schema: schema, QueryTimeout: 30 * time.Second}
	s, err := Connect(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s, cfg
}
