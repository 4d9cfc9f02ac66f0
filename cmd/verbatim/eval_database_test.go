package main

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestEvalOnDatabase: with DATABASE_URL, "verbatim eval" indexes the set
// in a schema of its own in the database, gives the embedded store's
// figures and drops the schema.
func TestEvalOnDatabase(t *testing.T) {
	dbURL := testDatabase(t)
	set := t.TempDir()
	corpusLines := `{"id":"retraites","title":"Réforme des retraites","lang":"fr","text":"Le gouvernement a présenté la réforme des retraites le 10 janvier. L'âge légal passe de 62 à 64 ans."}
{"id":"budget","title":"Budget de l'État","lang":"fr","text":"Le budget de l'État prévoit 12 milliards d'euros d'économies. Le déficit doit baisser à 4,4 %."}
{"id":"koursk","title":"Koursk","lang":"fr","text":"Le 26 avril, Valéry Guérassimov a annoncé la fin de l'opération de Koursk."}
`
	queries := `{"id":"q1","lang":"fr","question":"À quel âge passe la retraite ?","answer":"64 ans","doc_id":"retraites"}
{"id":"q2","lang":"fr","question":"Combien d'économies prévoit le budget ?","answer":"12 milliards d'euros","doc_id":"budget"}
{"id":"q3","lang":"fr","question":"Qui a annoncé la fin de l'opération de Koursk ?","answer":"Valéry Guérassimov","doc_id":"koursk"}
`
	if err := os.WriteFile(filepath.Join(set, "corpus.jsonl"), []byte(corpusLines), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(set, "queries.jsonl"), []byte(queries), 0o644); err != nil {
		t.Fatal(err)
	}
	figures := func(env map[string]string) any {
		t.Helper()
		stdout, stderr, code := runCmd(t, env, "", "eval", "--set", set, "--json")
		if code != 0 {
			t.Fatalf("eval: exit %d: %s", code, stderr)
		}
		var out struct{ Retrieval any }
		if err := json.Unmarshal([]byte(stdout), &out); err != nil {
			t.Fatalf("eval output %q: %v", stdout, err)
		}
		return out.Retrieval
	}
	embedded := figures(nil)
	database := figures(map[string]string{"DATABASE_URL": dbURL})
	if !reflect.DeepEqual(database, embedded) {
		t.Errorf("figures with DATABASE_URL %v, want the embedded store's %v", database, embedded)
	}

	// The database is really used: one that does not exist fails the run.
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/verbatim_no_such_database"
	if _, stderr, code := runCmd(t, map[string]string{"DATABASE_URL": u.String()}, "", "eval", "--set", set); code == 0 {
		t.Errorf("eval with a database that does not exist: exit 0, want a failure (stderr %q)", stderr)
	}

	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var schemas, generations int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'verbatim_eval_%'").Scan(&schemas); err != nil {
		t.Fatal(err)
	}
	if schemas != 0 {
		t.Errorf("%d evaluation schemas left in the database, want 0", schemas)
	}
	// The evaluation never wrote to the database's own index.
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_tables WHERE tablename = 'generations' AND schemaname = 'public'").Scan(&generations); err != nil {
		t.Fatal(err)
	}
	if generations != 0 {
		t.Errorf("the evaluation created verbatim's tables in the public schema")
	}
}
