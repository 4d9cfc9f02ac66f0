package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestArchitectureImports checks that every package of verbatim is in the
// table of docs/architecture.md and imports only the packages it lists
// there ("everything above" for the command; test helpers, whose names end
// in "test", and internal/golden import nothing of verbatim).
func TestArchitectureImports(t *testing.T) {
	allowed := architectureTable(t, filepath.Join("..", "..", "docs", "architecture.md"))
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "verbatim/...").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		pkg := strings.TrimPrefix(f[0], "verbatim/")
		var own []string
		for _, imp := range f[1:] {
			if rest, ok := strings.CutPrefix(imp, "verbatim/"); ok {
				own = append(own, rest)
			}
		}
		if _, listed := allowed[pkg]; !listed && (strings.HasSuffix(pkg, "test") || pkg == "internal/golden") {
			if len(own) > 0 {
				t.Errorf("%s is a test helper and imports %v, want nothing of verbatim", pkg, own)
			}
			continue
		}
		may, ok := allowed[pkg]
		if !ok {
			t.Errorf("package %s is not in docs/architecture.md: add its row (role, what it may import)", pkg)
			continue
		}
		if may == nil { // everything above
			continue
		}
		for _, imp := range own {
			if !slices.Contains(may, imp) {
				t.Errorf("%s imports %s, which docs/architecture.md does not allow it", pkg, imp)
			}
		}
	}
}

// architectureTable reads the package table: package -> the packages it
// may import (nil for "everything above").
func architectureTable(t *testing.T, path string) map[string][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	row := regexp.MustCompile("^\\| `([a-z/]+)` \\|[^|]*\\| (.*) \\|$")
	name := regexp.MustCompile("`([a-z/]+)`")
	out := map[string][]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		m := row.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		if strings.Contains(m[2], "everything above") {
			out[m[1]] = nil
			continue
		}
		may := []string{}
		for _, n := range name.FindAllStringSubmatch(m[2], -1) {
			may = append(may, n[1])
		}
		out[m[1]] = may
	}
	if len(out) < 10 {
		t.Fatalf("read %d packages from %s, want the table", len(out), path)
	}
	return out
}
