package pgstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// testStore connects to DATABASE_URL in a schema of the test's own,
// dropped when the test ends; it skips when DATABASE_URL is unset.
func testStore(t testing.TB) (*Store, Config) {
	t.Helper()
	url := os.Getenv("DATABASE_URL")
	if url == "" {
		t.Skip("DATABASE_URL unset: PostgreSQL tests skipped (.ci/run sets up a throwaway cluster)")
	}
	b := make([]byte, 6)
	rand.Read(b)
	cfg := Config{URL: url, Schema: "test_" + hex.EncodeToString(b), QueryTimeout: 30 * time.Second}
	s, err := Connect(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.Close()
		conn, err := pgx.Connect(context.Background(), url)
		if err != nil {
			t.Logf("drop schema: %v", err)
			return
		}
		defer conn.Close(context.Background())
		if _, err := conn.Exec(context.Background(), "DROP SCHEMA "+pgx.Identifier{cfg.Schema}.Sanitize()+" CASCADE"); err != nil {
			t.Logf("drop schema: %v", err)
		}
	})
	return s, cfg
}
