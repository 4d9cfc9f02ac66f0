// Package pgtest gives tests a PostgreSQL schema of their own in the
// database DATABASE_URL names (.ci/run sets up a throwaway cluster).
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
)

// Schema returns DATABASE_URL and a fresh schema name, dropped with
// everything in it when the test ends (after the test's own cleanups,
// which close its connections); it skips the test when DATABASE_URL is
// unset.
func Schema(t testing.TB) (url, schema string) {
	t.Helper()
	url = os.Getenv("DATABASE_URL")
	if url == "" {
		t.Skip("DATABASE_URL unset: PostgreSQL tests skipped (.ci/run sets up a throwaway cluster)")
	}
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	schema = "test_" + hex.EncodeToString(b)
	t.Cleanup(func() {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Logf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{schema}.Sanitize()+" CASCADE"); err != nil {
			t.Logf("drop schema %s: %v", schema, err)
		}
	})
	return url, schema
}
