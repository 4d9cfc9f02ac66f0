package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

func TestFlagsAnywhere(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		wantQuery string
		wantJSON  bool
	}{
		{"ask, flag after the question", []string{"ask", "Wimbledon", "--json"}, "Wimbledon", true},
		{"ask, flag before", []string{"ask", "--json", "Wimbledon"}, "Wimbledon", true},
		{"ask, -- ends the flags", []string{"ask", "--", "--json"}, "--json", false},
		{"search, flags on both sides", []string{"search", "--k", "2", "Higgs", "--json"}, "Higgs", true},
		{"search, value flag after", []string{"search", "Higgs", "--k", "1", "--json"}, "Higgs", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := runCmd(t, nil, "", tt.args...)
			if code != 0 {
				t.Fatalf("got exit %d: %s", code, stderr)
			}
			var got struct {
				Question, Query string
				Results         []any
			}
			err := json.Unmarshal([]byte(stdout), &got)
			if !tt.wantJSON {
				if err == nil {
					t.Fatalf("got JSON %q, want text", stdout)
				}
				return
			}
			if err != nil {
				t.Fatalf("got %q, want one JSON object: %v", stdout, err)
			}
			if q := got.Question + got.Query; q != tt.wantQuery {
				t.Errorf("got query %q, want %q", q, tt.wantQuery)
			}
			if tt.args[0] == "search" && len(got.Results) > 2 {
				t.Errorf("got %d results, want --k honoured", len(got.Results))
			}
		})
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"-V"}, {"version"}, {"help", "version"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			stdout, stderr, code := runCmd(t, nil, "", args...)
			if code != 0 || stderr != "" {
				t.Fatalf("got exit %d, stderr %q; want 0 and nothing", code, stderr)
			}
			if !strings.HasPrefix(stdout, "verbatim ") && !strings.HasPrefix(stdout, "Usage: verbatim version") {
				t.Errorf("got %q, want the version", stdout)
			}
		})
	}
}

func TestDidYouMean(t *testing.T) {
	tests := []struct{ typed, want string }{
		{"serch", "Did you mean 'search'?"},
		{"inspcet", "Did you mean 'inspect'?"},
		{"idnex", "Did you mean 'index'?"},
		{"ak", "Did you mean 'ask'?"},
		{"comp", "Did you mean 'completion'?"},
		{"xyzzy", "Run 'verbatim --help' for the commands."},
		{"Qui est Peskov ?", `To ask a question: verbatim ask "Qui est Peskov ?"`},
	}
	for _, tt := range tests {
		t.Run(tt.typed, func(t *testing.T) {
			stdout, stderr, code := runCmd(t, nil, "", tt.typed)
			if code != 2 || stdout != "" {
				t.Fatalf("got exit %d, stdout %q; want 2 and nothing", code, stdout)
			}
			lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
			if len(lines) != 2 || !strings.HasPrefix(lines[1], tt.want) {
				t.Errorf("got stderr %q, want an error line then %q", stderr, tt.want)
			}
		})
	}
}

// TestUsageErrorsOnStderr checks the habit of gh and restic: a usage
// error is one line and a hint on stderr, exit 2, nothing on stdout (so
// "ask --jsn x > out.json" does not fill the file with help).
func TestUsageErrorsOnStderr(t *testing.T) {
	tests := []struct {
		args     []string
		wantHint string
	}{
		{[]string{"ask", "--jsn", "x"}, "Run 'verbatim ask --help' for usage."},
		{[]string{"ask", "x", "--jsn"}, "Run 'verbatim ask --help' for usage."},
		{[]string{"search", "--k", "0", "x"}, "Run 'verbatim search --help' for usage."},
		{[]string{"search", "--k"}, "Run 'verbatim search --help' for usage."},
		{[]string{"chat", "extra"}, "Run 'verbatim chat --help' for usage."},
		{[]string{"inspect", "--nope"}, "Run 'verbatim inspect --help' for usage."},
		{[]string{"completion", "tcsh"}, "Run 'verbatim completion --help' for usage."},
		{[]string{"feeds"}, "Run 'verbatim feeds --help' for usage."},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			stdout, stderr, code := runCmd(t, nil, "", tt.args...)
			if code != 2 || stdout != "" {
				t.Fatalf("got exit %d, stdout %q; want 2 and nothing on stdout", code, stdout)
			}
			lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
			if len(lines) != 2 || !strings.HasPrefix(lines[0], "verbatim: ") || !strings.HasPrefix(lines[1], tt.wantHint) {
				t.Errorf("got stderr %q, want one error line then %q", stderr, tt.wantHint)
			}
		})
	}
}

func TestExamplesInEveryHelp(t *testing.T) {
	for _, c := range commands() {
		t.Run(c.name, func(t *testing.T) {
			args := []string{c.name, "--help"}
			if c.name == "feeds" {
				args = []string{"feeds", "sync", "--help"}
			}
			stdout, _, code := runCmd(t, nil, "", args...)
			_, ex, ok := strings.Cut(stdout, "\nExamples:\n")
			if code != 0 || !ok || !strings.HasPrefix(ex, "  verbatim ") && !strings.Contains(ex, " verbatim "+c.name) {
				t.Errorf("got exit %d and %q, want examples of verbatim %s", code, stdout, c.name)
			}
		})
	}
	stdout, _, _ := runCmd(t, nil, "", "--help")
	if !strings.Contains(stdout, "\nExamples:\n  verbatim ask") {
		t.Errorf("got %q, want examples in the program's help", stdout)
	}
}

// TestCompletionBash sources the generated script in a real bash and asks
// it to complete command lines.
func TestCompletionBash(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	script, stderr, code := runCmd(t, nil, "", "completion", "bash")
	if code != 0 {
		t.Fatalf("got exit %d: %s", code, stderr)
	}
	path := filepath.Join(t.TempDir(), "verbatim.bash")
	if err := os.WriteFile(path, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		line string
		want string
	}{
		{"verbatim se", "search serve"},
		{"verbatim ask --j", "--json"},
		{"verbatim search Higgs --k", "--k"},
		{"verbatim completion ", "bash zsh fish"},
		{"verbatim help ins", "inspect"},
		{"verbatim --v", "--version"},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			words := strings.Fields(tt.line)
			if strings.HasSuffix(tt.line, " ") {
				words = append(words, "")
			}
			var quoted []string
			for _, w := range words {
				quoted = append(quoted, fmt.Sprintf("%q", w))
			}
			prog := fmt.Sprintf(`source %q; COMP_WORDS=(%s); COMP_CWORD=%d; _verbatim; echo "${COMPREPLY[*]}"`, path, strings.Join(quoted, " "), len(words)-1)
			out, err := exec.Command(bash, "--norc", "-c", prog).CombinedOutput()
			if got := strings.TrimSpace(string(out)); err != nil || got != tt.want {
				t.Errorf("got %q (%v), want %q", got, err, tt.want)
			}
		})
	}
}

func TestCompletionScripts(t *testing.T) {
	tests := []struct {
		shell string
		want  []string
		check []string // a shell's syntax check, when that shell is here
	}{
		{"zsh", []string{"#compdef verbatim", "compdef _verbatim verbatim", "'ask:answer", "'--json[print each answer as one JSON object]'", "'--corpus[corpus directory or file"}, []string{"zsh", "-n"}},
		{"fish", []string{"complete -c verbatim -n __fish_use_subcommand -a ask", "-n '__fish_seen_subcommand_from search' -l k -r -F", "-l json -d"}, []string{"fish", "--no-execute"}},
	}
	for _, tt := range tests {
		t.Run(tt.shell, func(t *testing.T) {
			script, stderr, code := runCmd(t, nil, "", "completion", tt.shell)
			if code != 0 {
				t.Fatalf("got exit %d: %s", code, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(script, w) {
					t.Errorf("got script without %q:\n%s", w, script)
				}
			}
			if sh, err := exec.LookPath(tt.check[0]); err == nil {
				path := filepath.Join(t.TempDir(), "completion")
				if err := os.WriteFile(path, []byte(script), 0o644); err != nil {
					t.Fatal(err)
				}
				if out, err := exec.Command(sh, tt.check[1], path).CombinedOutput(); err != nil {
					t.Errorf("%s rejects the script: %v\n%s", tt.shell, err, out)
				}
			}
		})
	}
}

// TestEmptyCorpusIsAnError: a mistyped CORPUS_DIR must not look like a
// corpus that has nothing on the question.
func TestEmptyCorpusIsAnError(t *testing.T) {
	empty := t.TempDir()
	tests := []struct {
		name  string
		env   map[string]string
		stdin string
		args  []string
		want  string
	}{
		{"ask, empty --corpus", nil, "", []string{"ask", "--corpus", empty, "Koursk"}, "has no readable article"},
		{"ask, empty CORPUS_DIR", map[string]string{"CORPUS_DIR": empty}, "", []string{"ask", "Koursk"}, "has no readable article"},
		{"ask, missing corpus", nil, "", []string{"ask", "--corpus", filepath.Join(empty, "nope"), "Koursk"}, "no such file or directory"},
		{"chat, empty corpus", nil, "Koursk\n", []string{"chat", "--corpus", empty}, "has no readable article"},
		{"chat, missing corpus", map[string]string{"CORPUS_DIR": filepath.Join(empty, "nope")}, "Koursk\n", []string{"chat"}, "no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := runCmd(t, tt.env, tt.stdin, tt.args...)
			if code != 1 || !strings.Contains(stderr, tt.want) {
				t.Errorf("got exit %d, stderr %q, stdout %q; want 1 and %q", code, stderr, stdout, tt.want)
			}
		})
	}
}

// TestOpenAIFailureNamesTheFix runs ask against an OpenAI-compatible
// service that cannot be reached, then one that refuses the key.
func TestOpenAIFailureNamesTheFix(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String() + "/v1"
	ln.Close()
	var refuse atomic.Bool
	refuse.Store(true)
	refusing := fakeEmbeddings(t, &refuse, nil)
	tests := []struct {
		name    string
		base    string
		want    []string
		notWant string
	}{
		{"unreachable", closed, []string{"cannot reach " + closed, "OPENAI_BASE_URL", "EMBEDDER=local"}, "dial tcp"},
		{"key refused", refusing.URL, []string{"refused the API key (HTTP 401)", "OPENAI_API_KEY", "EMBEDDER=local"}, "status code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": tt.base, "EMBEDDING_DIMENSIONS": "8"}
			_, stderr, code := runCmd(t, env, "", "ask", "Koursk")
			if code != 1 {
				t.Fatalf("got exit %d (%q), want 1", code, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("got %q, want %q", stderr, w)
				}
			}
			if strings.Contains(stderr, tt.notWant) {
				t.Errorf("got %q, want no raw %q", stderr, tt.notWant)
			}
		})
	}
}

func TestServiceError(t *testing.T) {
	dns := &url.Error{Op: "Post", URL: "https://api.openai.com/v1/embeddings", Err: &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "api.openai.com"}}}
	other := &url.Error{Op: "Post", URL: "https://db.example.org/x", Err: &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}}
	tests := []struct {
		name string
		err  error
		base string
		want string
	}{
		{"DNS, default base", fmt.Errorf("embed batch 0: %w", dns), "", "cannot reach the OpenAI API: host api.openai.com not found; check OPENAI_BASE_URL and the network, or set EMBEDDER=local to work offline"},
		{"another service", other, "", other.Error()},
		{"credentials hidden", &url.Error{Op: "Post", URL: "http://u:secret@127.0.0.1:9/v1/chat", Err: &net.OpError{Op: "dial", Err: errors.New("connection refused")}}, "http://u:secret@127.0.0.1:9/v1", "cannot reach http://127.0.0.1:9/v1 (connection refused)"},
		{"not a network error", errors.New("boom"), "", "boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := serviceError(tt.err, tt.base).Error()
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if strings.Contains(got, "secret") {
				t.Errorf("got %q, want no credentials", got)
			}
		})
	}
}

func TestDotenvErrorLine(t *testing.T) {
	tests := []struct {
		name, content string
		wantLine      int
	}{
		{"word without =", "A=1\nB=2\nC D\nE=3\n", 3},
		{"after a quoted value on two lines", "A=1\nB=\"x\ny\"\nexport\nE=3\n", 4},
		{"unterminated quote", "A=1\nB='x\n", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), ".env")
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := newEnvSource(mapEnv(nil), path)
			want := fmt.Sprintf("%s:%d: ", path, tt.wantLine)
			var u *usageError
			if err == nil || !strings.HasPrefix(err.Error(), want) || !errors.As(err, &u) {
				t.Errorf("got %v, want a usage error starting %q", err, want)
			}
		})
	}
}

func TestHomeExpanded(t *testing.T) {
	home := t.TempDir()
	if err := os.Mkdir(filepath.Join(home, "news"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeCorpus(t, filepath.Join(home, "news"), 3, "")
	src, err := newEnvSource(mapEnv(map[string]string{"HOME": home, "CORPUS_DIR": "~/news", "INDEX_DIR": "~/ix", "DATA_DIR": "~", "DICTIONARY_DIR": "~user/dict", "FEEDS": "~/feeds.txt"}), "")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := loadConfig(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, got, want string }{
		{"CORPUS_DIR", cfg.CorpusDir, filepath.Join(home, "news")},
		{"INDEX_DIR", cfg.IndexDir, filepath.Join(home, "ix")},
		{"DATA_DIR", cfg.DataDir, home},
		{"~user is left alone", cfg.DictionaryDir, "~user/dict"},
		{"FEEDS as a file", cfg.Feeds, filepath.Join(home, "feeds.txt")},
	} {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	for _, args := range [][]string{{"inspect", "--json"}, {"ask", "--corpus=~/news", "budget du port 2", "--json"}} {
		env := map[string]string{"HOME": home}
		if args[0] == "inspect" {
			env["CORPUS_DIR"] = "~/news"
		}
		stdout, stderr, code := runCmd(t, env, "", args...)
		if code != 0 || !strings.Contains(stdout, "Budget du port") {
			t.Errorf("%v: got exit %d, stdout %q, stderr %q; want the corpus under ~/news read", args, code, stdout, stderr)
		}
	}
}

// TestDictionariesFoundAndShown installs two dictionaries in a folder
// named by DICTIONARY_DIR (standing for /usr/share/dictd) and checks that
// inspect names the pairs without any flag.
func TestDictionariesFoundAndShown(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"deu-fra.index", "deu-fra.dict", "freedict-eng-fra.index", "freedict-eng-fra.dict.dz", "fra-xyz.index", "fra-xyz.dict", "rus-fra.index"} {
		if err := os.WriteFile(filepath.Join(dir, f), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name, dictDir string
		wantPairs     []string
		wantText      string
	}{
		{"installed", dir, []string{"de→fr", "en→fr"}, "Dictionaries for questions in another language (" + dir + "): de→fr, en→fr"},
		{"none installed", t.TempDir(), []string{}, "No dictionary in"},
		{"turned off", "none", []string{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"DICTIONARY_DIR": tt.dictDir}
			stdout, stderr, code := runCmd(t, env, "", "inspect", "--json")
			var rep inspectReport
			if err := json.Unmarshal([]byte(stdout), &rep); code != 0 || err != nil {
				t.Fatalf("got exit %d, %v (stderr %q)", code, err, stderr)
			}
			if fmt.Sprint(rep.Dictionaries.Pairs) != fmt.Sprint(tt.wantPairs) {
				t.Errorf("got pairs %v, want %v", rep.Dictionaries.Pairs, tt.wantPairs)
			}
			text, _, _ := runCmd(t, env, "", "inspect")
			if tt.wantText != "" && !strings.Contains(text, tt.wantText) || tt.wantText == "" && strings.Contains(text, "ictionar") {
				t.Errorf("got %q, want %q", text, tt.wantText)
			}
		})
	}
}
