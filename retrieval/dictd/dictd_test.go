package dictd

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// b64 encodes n as a dictd index number.
func b64(n int) string {
	const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	if n == 0 {
		return "A"
	}
	var s []byte
	for ; n > 0; n /= 64 {
		s = append([]byte{digits[n%64]}, s...)
	}
	return string(s)
}

// writeDict writes a dictd dictionary freedict-<from>-<to> to dir from
// headword -> definition body pairs, its data gzip-compressed when dz.
func writeDict(t *testing.T, dir, from, to string, entries [][2]string, dz bool) {
	t.Helper()
	var data bytes.Buffer
	var index strings.Builder
	info := "00-database-info\nA test dictionary.\n"
	index.WriteString("00databaseinfo\t" + b64(0) + "\t" + b64(len(info)) + "\n")
	data.WriteString(info)
	for _, e := range entries {
		def := e[0] + " /prənʌn/\n" + e[1] + "\n\n"
		index.WriteString(e[0] + "\t" + b64(data.Len()) + "\t" + b64(len(def)) + "\n")
		data.WriteString(def)
	}
	base := filepath.Join(dir, "freedict-"+from+"-"+to)
	if err := os.WriteFile(base+".index", []byte(index.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if !dz {
		if err := os.WriteFile(base+".dict", data.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(data.Bytes())
	zw.Close()
	if err := os.WriteFile(base+".dict.dz", z.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBase64Number(t *testing.T) {
	for _, n := range []int{0, 1, 63, 64, 4095, 123456, 16759449} {
		got, ok := base64Number(b64(n))
		if !ok || got != n {
			t.Errorf("base64Number(%q) = %d, %v, want %d", b64(n), got, ok, n)
		}
	}
	for _, bad := range []string{"", "a*b", "AAAAAAAAA"} {
		if _, ok := base64Number(bad); ok {
			t.Errorf("base64Number(%q) ok, want an error", bad)
		}
	}
}

func TestTranslations(t *testing.T) {
	tests := []struct {
		name, def string
		want      []string
	}{
		{"senses and labels", "soldier /ˈsəʊldʒə/\nSoldat <masc>, Militär <neut> [mil.]\n", []string{"Soldat", "Militär"}},
		{"notes and see lines", "eel /iːl/\nAal <masc>\n         Note: Fisch\n see: {eels}\n", []string{"Aal"}},
		{"synonym lines", "win\ngewinnen\n   Synonym: {siegen}\n", []string{"gewinnen"}},
		{"numbered senses", "say\n1. dire\n2. affirmer (formal)\n", []string{"dire", "affirmer"}},
		{"long sense skipped", "x\nun mot bien trop long ici, court\n", []string{"court"}},
		{"at most three", "x\na, b, c, d\n", []string{"a", "b", "c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := translations(tt.def); !slices.Equal(got, tt.want) {
				t.Errorf("translations(%q) = %q, want %q", tt.def, got, tt.want)
			}
		})
	}
}

func TestTranslateQuery(t *testing.T) {
	dir := t.TempDir()
	writeDict(t, dir, "eng", "rus", [][2]string{
		{"soldier", "солдат"},
		{"say", "сказать, говорить"},
		{"North", "север"},
		{"korean", "корейский"},
	}, true)
	writeDict(t, dir, "fra", "eng", [][2]string{{"soldat", "soldier <n>"}}, false)
	writeDict(t, dir, "xxx", "eng", [][2]string{{"a", "b"}}, false) // unknown language: ignored
	lib, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	pairs := lib.Pairs()
	slices.Sort(pairs)
	if want := []string{"en-ru", "fr-en"}; !slices.Equal(pairs, want) {
		t.Fatalf("Pairs() = %q, want %q", pairs, want)
	}
	// ru -> en and en -> fr have no dictionary of their own: the
	// reverse ones serve.
	ctx := context.Background()
	tests := []struct {
		name, text, from, to, want string
	}{
		{"content words, inflected", "What did Putin say about the North Korean soldiers?", "en", "ru", "сказать говорить\nсевер\nкорейский\nсолдат"},
		{"plain data file", "Les soldats", "fr", "en", "soldier"},
		{"no dictionary for the pair", "the soldiers", "en", "de", ""},
		{"reversed dictionary, inflection stripped", "Что сказал солдат на севере?", "ru", "en", "soldier\nnorth"},
		{"reversed dictionary, labels dropped", "soldiers", "en", "fr", "soldat"},
		{"same language", "the soldiers", "en", "en", ""},
		{"nothing known", "blue sky", "en", "ru", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := lib.TranslateQuery(ctx, tt.text, tt.from, tt.to)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("TranslateQuery(%q, %s, %s) = %q, want %q", tt.text, tt.from, tt.to, got, tt.want)
			}
		})
	}
}

func TestOpenMissingDirIsEmpty(t *testing.T) {
	lib, err := Open(filepath.Join(t.TempDir(), "none"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := lib.TranslateQuery(context.Background(), "soldiers", "en", "fr")
	if err != nil || got != "" {
		t.Errorf("TranslateQuery on an empty library = %q, %v, want \"\", nil", got, err)
	}
}

func TestLoadRejectsBrokenFiles(t *testing.T) {
	dir := t.TempDir()
	idx := filepath.Join(dir, "d.index")
	data := filepath.Join(dir, "d.dict")
	os.WriteFile(data, []byte("short"), 0o644)
	for name, index := range map[string]string{
		"too few fields": "word\tA\n",
		"bad number":     "word\tA*\tB\n",
		"past the end":   "word\tA\tBA\n",
	} {
		t.Run(name, func(t *testing.T) {
			os.WriteFile(idx, []byte(index), 0o644)
			if _, err := Load(idx, data); err == nil {
				t.Errorf("Load accepted index %q", index)
			}
		})
	}
}

func TestTranslateQueries(t *testing.T) {
	dir := t.TempDir()
	writeDict(t, dir, "eng", "rus", [][2]string{{"soldier", "солдат"}}, true)
	writeDict(t, dir, "eng", "fra", [][2]string{{"soldier", "soldat <masc>"}}, true)
	lib, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	got, err := lib.TranslateQueries(context.Background(), "soldiers", "en", []string{"fr", "ru", "de"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"fr": "soldat", "ru": "солдат"}
	if len(got) != len(want) || got["fr"] != want["fr"] || got["ru"] != want["ru"] {
		t.Errorf("TranslateQueries = %q, want %q (no German dictionary)", got, want)
	}
}

// TestReverseKeepsTheSameSenses checks that a dictionary read backwards
// keeps the same maxSenses headwords of a translation shared by more, in
// every run: they were those Go's map order met first.
func TestReverseKeepsTheSameSenses(t *testing.T) {
	dir := t.TempDir()
	var entries [][2]string
	for _, head := range []string{"pied", "patte", "base", "bas", "fond", "socle", "semelle", "assise"} {
		entries = append(entries, [2]string{head, "foot"})
	}
	writeDict(t, dir, "fra", "eng", entries, false)
	d, err := Load(filepath.Join(dir, "freedict-fra-eng.index"), filepath.Join(dir, "freedict-fra-eng.dict"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"assise", "bas", "base"}
	for range 20 {
		if got := d.Reverse().Lookup("foot"); !slices.Equal(got, want) {
			t.Fatalf("Reverse().Lookup(\"foot\") = %q, want %q", got, want)
		}
	}
}

// TestTranslateQueryPivot translates between languages no dictionary
// joins through English, with the small dictionaries of testdata/pivot
// (German-English, English-French, English-Russian).
func TestTranslateQueryPivot(t *testing.T) {
	lib, err := Open(filepath.Join("testdata", "pivot"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tests := []struct {
		name, text, from, to, want string
	}{
		{"de -> en -> fr, senses of both steps, duplicates once", "Wann steigen die Löhne?", "de", "fr", "hausse monter grimper\nsalaire paie"},
		{"de -> en -> fr, inflected", "Die Soldaten und die Erhöhung", "de", "fr", "soldat\naugmentation hausse"},
		{"ru -> en (reversed) -> fr", "Зарплата солдата", "ru", "fr", "salaire\nsoldat"},
		{"fr -> en (reversed) -> de (reversed)", "le salaire", "fr", "de", "lohn"},
		{"direct pair, no pivot", "der Lohn", "de", "en", "wage pay"},
		{"german compound split, parts translated", "die Lohnerhöhung", "de", "en", "wage pay\nincrease raise"},
		{"german compound with a linking s, through the pivot", "Soldatenlohn", "de", "fr", "soldat\nsalaire paie"},
		{"no dictionary into the pivot", "der Lohn", "de", "es", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := lib.TranslateQuery(ctx, tt.text, tt.from, tt.to)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("TranslateQuery(%q, %s, %s) = %q, want %q", tt.text, tt.from, tt.to, got, tt.want)
			}
		})
	}
}
