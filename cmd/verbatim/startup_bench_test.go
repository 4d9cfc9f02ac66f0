package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkStartup execs a hello-world Go binary and the real verbatim
// binary (--help, and ask on a small index) in the same run, so that the
// start-up cost of verbatim reads as a difference against the baseline:
//
//	go test ./cmd/verbatim -run '^$' -bench Startup -benchtime 20x
//
// With VERBATIM_BASELINE set to another build of verbatim (an older
// commit's), its --help and ask run too, on the same index and in the same
// rounds, so that a change reads as a ratio on a machine whose load moves.
func BenchmarkStartup(b *testing.B) {
	dir := b.TempDir()
	hello := filepath.Join(dir, "hello")
	src := filepath.Join(dir, "hello.go")
	if err := os.WriteFile(src, []byte("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello\") }\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	verbatim := filepath.Join(dir, "verbatim")
	for _, c := range [][]string{{"build", "-o", hello, src}, {"build", "-o", verbatim, "."}} {
		if out, err := exec.Command("go", c...).CombinedOutput(); err != nil {
			b.Fatalf("go %v: %v\n%s", c, err, out)
		}
	}
	cdir, idir := filepath.Join(dir, "corpus"), filepath.Join(dir, "index")
	if err := os.Mkdir(cdir, 0o755); err != nil {
		b.Fatal(err)
	}
	writeCorpus(b, cdir, 30, "")
	env := append(os.Environ(), "CORPUS_DIR="+cdir, "INDEX_DIR="+idir, "OPENAI_API_KEY=", "OPENAI_BASE_URL=", "TELEGRAM_BOT_TOKEN=", "DATABASE_URL=")
	if out, err := cmdIn(dir, env, verbatim, "index").CombinedOutput(); err != nil {
		b.Fatalf("index: %v\n%s", err, out)
	}
	cases := []struct {
		name string
		args []string
	}{
		{"hello-world", []string{hello}},
		{"verbatim-help", []string{verbatim, "--help"}},
		{"verbatim-ask", []string{verbatim, "ask", "budget du port 7"}},
	}
	if base := os.Getenv("VERBATIM_BASELINE"); base != "" {
		cases = append(cases, []struct {
			name string
			args []string
		}{
			{"baseline-help", []string{base, "--help"}},
			{"baseline-ask", []string{base, "ask", "budget du port 7"}},
		}...)
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if out, err := cmdIn(dir, env, bc.args[0], bc.args[1:]...).CombinedOutput(); err != nil {
					b.Fatalf("%v: %v\n%s", bc.args, err, out)
				}
			}
		})
	}
}

// cmdIn is a command run in dir with env (no .env of the checkout).
func cmdIn(dir string, env []string, name string, args ...string) *exec.Cmd {
	c := exec.Command(name, args...)
	c.Dir, c.Env = dir, env
	return c
}

// TestNoHeavyInit runs "verbatim --help" with the runtime's init trace and
// fails when any package's initialisation allocates more than a few
// megabytes: go-dateparser built its 205 locales there (78 MB, 0.5 s) on
// every command until third_party/go-dateparser made them lazy. The
// packages whose tables were moved to first use stay under 64 KB, so that
// losing a replace directive of go.mod, or a table going back to a package
// variable, fails here.
func TestNoHeavyInit(t *testing.T) {
	cmd := exec.Command(os.Args[0], "--help")
	cmd.Env = append(os.Environ(), "VERBATIM_RUN_MAIN=1", "GODEBUG=inittrace=1")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("--help: %v\n%s", err, stderr.String())
	}
	const maxBytes = 4 << 20
	const maxLazyBytes = 64 << 10
	lazy := map[string]bool{
		"github.com/forPelevin/gomoji":                        true, // 983 KB upstream
		"github.com/markusmobius/go-dateparser/internal/data": true, // 78 MB upstream
	}
	seen := 0
	for _, line := range strings.Split(stderr.String(), "\n") {
		// init github.com/x/y @0.5 ms, 0.1 ms clock, 1234 bytes, 5 allocs
		f := strings.Fields(line)
		if len(f) < 9 || f[0] != "init" || f[8] != "bytes," {
			continue
		}
		seen++
		n, err := strconv.Atoi(f[7])
		if err != nil {
			t.Fatalf("parse %q: %v", line, err)
		}
		if n > maxBytes {
			t.Errorf("package %s allocates %d MB at init, want under %d MB on every command", f[1], n>>20, maxBytes>>20)
		}
		if lazy[f[1]] && n > maxLazyBytes {
			t.Errorf("package %s allocates %d KB at init, want under %d KB: its tables are built on first use", f[1], n>>10, maxLazyBytes>>10)
		}
	}
	if seen < 10 {
		t.Fatalf("got %d init lines, want the runtime's trace:\n%s", seen, stderr.String())
	}
}

// TestHTMLDateFoundLazily checks that the HTML extraction still finds a
// date written only in the page's text once the date parser's locales are
// built on first use.
func TestHTMLDateFoundLazily(t *testing.T) {
	dir := t.TempDir()
	page := `<html lang="fr"><head><title>Koursk</title></head><body><article><h1>Koursk</h1><p class="date">Publié le 26 avril 2025 à 14h30</p><p>Le chef de l'état-major russe a annoncé la fin de l'opération de libération de la région de Koursk. Il a présenté les résultats au président.</p><p>Un deuxième paragraphe assez long pour que l'extraction garde le texte de l'article entier.</p></article></body></html>`
	if err := os.WriteFile(filepath.Join(dir, "a.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runCmd(t, nil, "", "inspect", "--json", dir)
	if code != 0 || !strings.Contains(stdout, `"date": "2025-04-26"`) {
		t.Errorf("got exit %d, stdout %q (stderr %q), want the page dated 2025-04-26", code, stdout, stderr)
	}
}
