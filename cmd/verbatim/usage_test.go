package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"verbatim/retrieval/openaiapi/openaitest"
)

func TestHelpPrintedOnce(t *testing.T) {
	for _, c := range commands() {
		for _, flag := range []string{"--help", "-h"} {
			t.Run(c.name+flag, func(t *testing.T) {
				stdout, stderr, code := runCmd(t, nil, "", c.name, flag)
				if code != 0 || stderr != "" {
					t.Fatalf("got exit %d and stderr %q, want 0 and nothing", code, stderr)
				}
				want := "Usage: verbatim " + c.name
				if n := strings.Count(stdout, want); n != 1 {
					t.Errorf("got %d usage lines in %q, want 1", n, stdout)
				}
			})
		}
	}
}

func TestAskUsageErrors(t *testing.T) {
	tests := []struct {
		name  string
		stdin string
		args  []string
		want  int
	}{
		{"no question, empty stdin", "", []string{"ask"}, 2},
		{"blank lines on stdin", "\n  \n", []string{"ask"}, 2},
		{"empty argument", "", []string{"ask", ""}, 2},
		{"blank argument", "", []string{"ask", "  "}, 2},
		{"empty argument, json", "", []string{"ask", "--json", ""}, 2},
		{"one question", "", []string{"ask", "Qui est Valéri Guérassimov ?"}, 0},
		{"questions on stdin", "Qui est Valéri Guérassimov ?\n", []string{"ask"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := runCmd(t, nil, tt.stdin, tt.args...)
			if code != tt.want {
				t.Fatalf("got exit %d, want %d (stderr %q)", code, tt.want, stderr)
			}
			if code == 2 {
				if lines := strings.Count(stderr, "\n"); lines != 2 || !strings.Contains(stderr, "ask needs a question") {
					t.Errorf("got stderr %q, want one line saying a question is needed and a hint", stderr)
				}
			}
		})
	}
}

func TestAskNoStdinTerminal(t *testing.T) {
	// "verbatim ask" typed at a shell prompt, without a question: exit 2 at
	// once instead of waiting for lines on the terminal.
	tty, err := openPTY(t)
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	var stdout, stderr strings.Builder
	err = run(context.Background(), []string{"ask"}, mapEnv(map[string]string{"INDEX_DIR": t.TempDir()}), tty, &stdout, &stderr)
	if code := exitCode(err, &stderr); code != 2 || !strings.Contains(stderr.String(), "ask needs a question") {
		t.Errorf("got exit %d and %q, want 2 and a one-line usage message", code, stderr.String())
	}
}

func TestAskBatchEchoesQuestions(t *testing.T) {
	qs := []string{"Quand Guérassimov a-t-il annoncé la fin de l'opération de Koursk ?", "Qu'a dit Peskov ?"}
	stdout, stderr, code := runCmd(t, nil, strings.Join(qs, "\n")+"\n", "ask")
	if code != 0 {
		t.Fatalf("got exit %d: %s", code, stderr)
	}
	i0, i1 := strings.Index(stdout, "> "+qs[0]+"\n"), strings.Index(stdout, "> "+qs[1]+"\n")
	if i0 != 0 || i1 <= i0 {
		t.Fatalf("got %q, want each question echoed before its answer, in order", stdout)
	}
	if first := stdout[i0:i1]; !strings.Contains(first, "Le 26 avril") {
		t.Errorf("got first answer %q, want the 26 April quote between the two questions", first)
	}
	one, _, _ := runCmd(t, nil, "", "ask", qs[0])
	if strings.Contains(one, "> ") {
		t.Errorf("got %q, want no echo for a question given as an argument", one)
	}
}

func TestSkippedReportedOnce(t *testing.T) {
	broken, err := filepath.Abs("testdata/broken")
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"index", "--corpus", broken},
		{"search", "--corpus", broken, "valid"},
	} {
		t.Run(args[0], func(t *testing.T) {
			stdout, stderr, code := runCmd(t, map[string]string{"LOG_LEVEL": "info"}, "", args...)
			if code != 0 {
				t.Fatalf("got exit %d: %s", code, stderr)
			}
			all := stdout + stderr
			if n := strings.Count(all, "truncated.json"); n != 1 {
				t.Errorf("got truncated.json named %d times in\n%s\nwant once", n, all)
			}
			if strings.Contains(stderr, loaderSkipLine) {
				t.Errorf("got the loader's skip log lines in %q", stderr)
			}
		})
	}
}

func TestIndexNothingReadable(t *testing.T) {
	empty, unreadable := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(unreadable, "a.txt"), []byte("\x00\x01\x02binary"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, dir, want string }{
		{"empty", empty, "the corpus is empty"},
		{"unreadable", unreadable, "no readable article (1 file(s) skipped)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := runCmd(t, nil, "", "index", "--corpus", tt.dir, "--index", t.TempDir())
			if code != 1 || !strings.Contains(stderr, tt.want) {
				t.Errorf("got exit %d, stderr %q; want 1 and %q", code, stderr, tt.want)
			}
			if tt.name == "unreadable" && !strings.Contains(stdout, "a.txt") {
				t.Errorf("got stdout %q, want the skipped file listed", stdout)
			}
		})
	}
}

func TestRatePerMinute(t *testing.T) {
	tests := []struct {
		env  string
		want int
	}{
		{"", 6},   // the documented default
		{"0", -1}, // unlimited
		{"10", 10},
	}
	for _, tt := range tests {
		t.Run("RATE_LIMIT_PER_MINUTE="+tt.env, func(t *testing.T) {
			env, err := newEnvSource(mapEnv(map[string]string{"RATE_LIMIT_PER_MINUTE": tt.env}), "")
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := loadConfig(env)
			if err != nil {
				t.Fatal(err)
			}
			if got := ratePerMinute(cfg.RatePerMinute); got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}
}

// TestErrorInQuestionLanguage makes the question fail (the embeddings API
// starts refusing the key after the index is built) and checks the message
// follows the question's language, in text and JSON output.
func TestErrorInQuestionLanguage(t *testing.T) {
	var refuse atomic.Bool
	srv := fakeEmbeddings(t, &refuse, nil)
	env := map[string]string{"EMBEDDER": "openai", "EMBEDDING_DIMENSIONS": "8", "OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": srv.URL, "INDEX_DIR": t.TempDir()}
	if _, stderr, code := runCmd(t, env, "", "index"); code != 0 {
		t.Fatalf("index: exit %d: %s", code, stderr)
	}
	refuse.Store(true)
	// The question cannot be embedded either: the answer comes from the
	// words alone, and the notice says both, in the question's language.
	tests := []struct{ q, want string }{
		{"Qu'a déclaré Dmitri Peskov sur la Corée du Nord ?", "La clé d'API du modèle n'est pas valide ; cette réponse est extractive. Le service d'embeddings est injoignable : recherche par mots seulement."},
		{"What did Dmitri Peskov say about North Korea?", "The model API key is invalid; this answer is extractive. The embedding service could not be reached: searched by words only."},
	}
	for _, tt := range tests {
		for _, asJSON := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s json=%v", tt.q, asJSON), func(t *testing.T) {
				args := []string{"ask", tt.q}
				if asJSON {
					args = []string{"ask", "--json", tt.q}
				}
				stdout, stderr, code := runCmd(t, env, "", args...)
				if code != 0 || !strings.Contains(stdout, tt.want) {
					t.Errorf("got exit %d, stdout %q (stderr %q), want 0 and %q", code, stdout, stderr, tt.want)
				}
			})
		}
	}
}

// fakeEmbeddings is the shared fake embeddings API (8-dimension vectors
// with EMBEDDING_DIMENSIONS=8); it answers 401 while refuse is true and,
// when release is not nil, holds every request until release is closed.
// Chat completions always get 401 (answers fall back to extractive ones);
// the model list is empty.
func fakeEmbeddings(t *testing.T, refuse *atomic.Bool, release chan struct{}) *httptest.Server {
	t.Helper()
	f := &openaitest.Embeddings{}
	if refuse != nil {
		f.Fail = func(int) (int, string) {
			if refuse.Load() {
				return http.StatusUnauthorized, ""
			}
			return 0, ""
		}
	}
	openaitest.StartEmbeddings(t, f)
	if release != nil {
		done := f.Hold()
		go func() { <-release; done() }()
	}
	return f.Server
}
