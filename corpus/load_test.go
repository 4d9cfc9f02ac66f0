package corpus

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf16"

	"verbatim/corpus/corpustest"
)

func TestLoadFormats(t *testing.T) {
	res, err := LoadPath(t.Context(), filepath.Join("testdata", "formats"), LoadOptions{})
	if err != nil {
		t.Fatalf("LoadPath: %v", err)
	}
	type want struct {
		path, title, date, lang, source, url string
		precision                            Precision
		text                                 string   // exact, when not empty
		has, hasNot                          []string // substrings of the text
	}
	wants := map[string]want{
		"header.txt": {
			path: "header.txt", title: "Le sommet de Genève", date: "2025-04-26", precision: PrecisionDay, lang: "fr",
			source: "Agence test", url: "https://example.org/geneve",
			text: "Les délégations se sont retrouvées à Genève samedi. M. Dupont a salué « un dialogue franc ».\n\nLes discussions reprendront en mai.",
		},
		"inline-date.txt": {
			path: "inline-date.txt", title: "Le conseil a voté la loi", date: "2025-04-26", precision: PrecisionDay, lang: "fr",
			text: "Le conseil a voté la loi. Elle entre en vigueur demain.",
		},
		"no-header.txt": {
			path: "no-header.txt", title: "Date limite des inscriptions : le comité a prolongé le délai", lang: "fr",
			text: "Date limite des inscriptions : le comité a prolongé le délai. Les candidats ont une semaine de plus.",
		},
		"budget-2025": {
			path: "front-matter.md", title: "Council votes the budget", date: "2025-04-26T10:00:00Z", precision: PrecisionTime,
			lang: "en", source: "Test Wire", url: "https://example.org/budget",
			has: []string{
				"Ignored heading? No: front matter gave the title\n\n",
				"The council voted the budget on Saturday, see the minutes.",
				"\nFirst item of the list.\nSecond item, with code.\n",
				"\nA quoted line from the mayor.\n",
				"go run ./cmd",
				"Tagged text stays.",
			},
			hasNot: []string{"**", "_budget_", "](", "chart", "<span", "- First", "> A", "```", "#"},
		},
		"heading.md": {
			path: "heading.md", title: "La réforme des retraites", date: "2025-04", precision: PrecisionMonth, lang: "fr",
			text: "Le gouvernement a présenté la réforme. Les syndicats ont répondu dans la soirée.\n\nRéactions\n\nLes partis d'opposition ont critiqué le texte.",
		},
		"page.html": {
			path: "page.html", title: "Le port de Marseille s'agrandit", date: "2025-04-26T08:30:00+02:00", precision: PrecisionTime,
			lang: "fr", url: "https://example.org/marseille-port",
			text: "Le port de Marseille s'agrandit\n\nLe port autonome a annoncé des travaux. Ils dureront deux ans.\n\nLe directeur a déclaré : « Nous sommes prêts. »\nLa mairie approuve.\n\nCoût : 200 millions d'euros.\n\nFin prévue en 2027.",
		},
		"time.htm": {
			path: "time.htm", title: "Storm hits the coast", date: "2025-03-14", precision: PrecisionDay, lang: "en",
			text: "A storm hit the coast on Friday. Roads were closed.",
		},
		"42": {
			path: "one.json", title: "Une dépêche", date: "2025-04-26", precision: PrecisionDay, lang: "fr", source: "Test",
			text: "Le texte de la dépêche tient en une phrase.",
		},
		"array.json#1": {
			path: "array.json", title: "First", date: "2025-04", precision: PrecisionMonth, lang: "en",
			text: "The first record has no id.",
		},
		"array.json#2": {
			path: "array.json", title: "Second", lang: "en", text: "The second record has no id either.",
		},
		"rec-a": {
			path: "records.jsonl", title: "Record A", date: "2025-04", precision: PrecisionMonth, lang: "en", text: "Record A text.",
		},
		"rec-b": {
			path: "records.jsonl", title: "Record B", date: "2025-05-01", precision: PrecisionDay, lang: "fr", text: "Le texte B.",
		},
		"noids.ndjson#1": {path: "noids.ndjson", title: "Line one has no id", lang: "en", text: "Line one has no id."},
		"noids.ndjson#2": {path: "noids.ndjson", title: "Line two has no id", lang: "en", text: "Line two has no id."},
	}
	var ids []string
	for _, a := range res.Articles {
		ids = append(ids, a.ID)
		w, ok := wants[a.ID]
		if !ok {
			t.Errorf("unexpected article %q from %s", a.ID, a.Path)
			continue
		}
		t.Run(a.ID, func(t *testing.T) {
			got := []string{a.Path, a.Title, a.Date.String(), a.Date.Precision.String(), a.Lang, a.Source, a.URL}
			exp := []string{w.path, w.title, w.date, w.precision.String(), w.lang, w.source, w.url}
			if !reflect.DeepEqual(got, exp) {
				t.Errorf("path, title, date, precision, lang, source, url\n got  %q\n want %q", got, exp)
			}
			if w.text != "" && a.Text != w.text {
				t.Errorf("text\n got  %q\n want %q", a.Text, w.text)
			}
			for _, s := range w.has {
				if !strings.Contains(a.Text, s) {
					t.Errorf("text lacks %q:\n%s", s, a.Text)
				}
			}
			for _, s := range w.hasNot {
				if strings.Contains(a.Text, s) {
					t.Errorf("text holds %q:\n%s", s, a.Text)
				}
			}
			if len(a.Hash) != 64 || a.Hash != hashArticle(a) {
				t.Errorf("hash %q is not the hex SHA-256 of the article", a.Hash)
			}
		})
	}
	if len(ids) != len(wants) {
		t.Errorf("loaded %d articles %q, want %d", len(ids), ids, len(wants))
	}
	for i := 1; i < len(ids); i++ {
		if ids[i-1] >= ids[i] {
			t.Errorf("articles not sorted by id: %q before %q", ids[i-1], ids[i])
		}
	}
	wantSkipped := []Skipped{
		{Path: "records.jsonl:4", Reason: "malformed JSON: unexpected end of JSON input"},
		{Path: "records.jsonl:5", Reason: "no text field (text, body or content)"},
	}
	if !reflect.DeepEqual(res.Skipped, wantSkipped) {
		t.Errorf("skipped\n got  %+v\n want %+v", res.Skipped, wantSkipped)
	}
}

func TestLoadSeed(t *testing.T) {
	res, err := Load(t.Context(), Seed(), LoadOptions{})
	if err != nil {
		t.Fatalf("Load(Seed()): %v", err)
	}
	if len(res.Articles) != 1 || len(res.Skipped) != 0 {
		t.Fatalf("got %d articles and skipped %v, want 1 and none", len(res.Articles), res.Skipped)
	}
	a := res.Articles[0]
	if a.ID != "000_15dfc289bfd79999.txt" {
		t.Errorf("ID = %q", a.ID)
	}
	if a.Date.String() != "2025-04" || a.Date.Precision != PrecisionMonth {
		t.Errorf("Date = %q at %v, want 2025-04 at month precision", a.Date, a.Date.Precision)
	}
	if got := a.Date.Display("fr"); got != "avril 2025" {
		t.Errorf("Display(fr) = %q, want avril 2025", got)
	}
	if a.Lang != "fr" {
		t.Errorf("Lang = %q, want fr", a.Lang)
	}
	if want := "Nos amis coréens étaient mus par un authentique sentiment de solidarité, de…"; a.Title != want {
		t.Errorf("Title = %q, want %q", a.Title, want)
	}
	if !strings.HasPrefix(a.Text, "« Nos amis coréens") || !strings.HasSuffix(a.Text, "avancé la date du 25 avril.") {
		t.Errorf("Text starts %q and ends %q", a.Text[:20], a.Text[len(a.Text)-20:])
	}
	// The embedded seed is the shared one, byte for byte, when present.
	if shared, ok := corpustest.SharedPath("corpus/seed/000_15dfc289bfd79999.txt"); ok {
		want, err := os.ReadFile(shared)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := fs.ReadFile(Seed(), "000_15dfc289bfd79999.txt")
		if !bytes.Equal(got, want) {
			t.Errorf("embedded seed differs from %s", shared)
		}
	}
}

func TestLoadBroken(t *testing.T) {
	res, err := LoadPath(t.Context(), filepath.Join("testdata", "broken"), LoadOptions{})
	if err != nil {
		t.Fatalf("LoadPath: %v", err)
	}
	if len(res.Articles) != 1 || res.Articles[0].ID != "valid.txt" || res.Articles[0].Date.String() != "2025-04" {
		t.Fatalf("articles = %+v, want valid.txt dated 2025-04", res.Articles)
	}
	want := []Skipped{
		{Path: "empty.txt", Reason: "empty file"},
		{Path: "header-only.txt", Reason: "empty: no text"},
		{Path: "image.txt", Reason: "binary content"},
		{Path: "truncated.json", Reason: "malformed JSON: unexpected end of JSON input (truncated file?)"},
	}
	if !reflect.DeepEqual(res.Skipped, want) {
		t.Errorf("skipped\n got  %+v\n want %+v", res.Skipped, want)
	}
}

// utf16LE encodes s as UTF-16 little endian with a BOM.
func utf16LE(s string) []byte {
	b := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

func TestLoadCases(t *testing.T) {
	tests := []struct {
		name        string
		files       fstest.MapFS
		opts        LoadOptions
		wantIDs     []string
		wantTexts   []string
		wantSkipped []Skipped
	}{
		{
			name:      "utf-8 BOM and CRLF",
			files:     fstest.MapFS{"a.txt": {Data: []byte("\xEF\xBB\xBFtitle: T\r\n\r\nLigne un.\r\nLigne deux.\r\n")}},
			wantIDs:   []string{"a.txt"},
			wantTexts: []string{"Ligne un.\nLigne deux."},
		},
		{
			name:      "utf-16 with BOM",
			files:     fstest.MapFS{"a.txt": {Data: utf16LE("Le président a parlé.\r\n")}},
			wantIDs:   []string{"a.txt"},
			wantTexts: []string{"Le président a parlé."},
		},
		{
			name:      "windows-1252",
			files:     fstest.MapFS{"a.txt": {Data: []byte("L'\xe9t\xe9 \x96 \x93chaud\x94 \xe0 Gen\xe8ve.")}},
			wantIDs:   []string{"a.txt"},
			wantTexts: []string{"L'été – “chaud” à Genève."},
		},
		{
			name:        "invalid utf-8 that is not text",
			files:       fstest.MapFS{"a.txt": {Data: []byte("\x81\x8d\x8f\x90\x9d\xff\xfe\xfd")}},
			wantSkipped: []Skipped{{Path: "a.txt", Reason: "not valid UTF-8 text"}},
		},
		{
			name:        "control characters",
			files:       fstest.MapFS{"a.md": {Data: []byte("\x01\x02\x03\x04\x05\x06abc")}},
			wantSkipped: []Skipped{{Path: "a.md", Reason: "binary content"}},
		},
		{
			name:        "whitespace only",
			files:       fstest.MapFS{"a.html": {Data: []byte(" \n\t\n")}},
			wantSkipped: []Skipped{{Path: "a.html", Reason: "empty file"}},
		},
		{
			name:        "html without text",
			files:       fstest.MapFS{"a.html": {Data: []byte("<html><body><nav>Menu</nav><script>x()</script></body></html>")}},
			wantSkipped: []Skipped{{Path: "a.html", Reason: "empty: no text"}},
		},
		{
			name: "too large",
			files: fstest.MapFS{
				"big.txt":   {Data: []byte(strings.Repeat("Mot. ", 100))},
				"small.txt": {Data: []byte("Petit texte.")},
			},
			opts:        LoadOptions{MaxFileSize: 100},
			wantIDs:     []string{"small.txt"},
			wantTexts:   []string{"Petit texte."},
			wantSkipped: []Skipped{{Path: "big.txt", Reason: "too large: 500 bytes (limit 100)"}},
		},
		{
			name: "duplicate ids keep the first",
			files: fstest.MapFS{
				"a.jsonl": {Data: []byte(`{"id": "x", "text": "Premier."}` + "\n")},
				"b.json":  {Data: []byte(`{"id": "x", "text": "Second."}`)},
			},
			wantIDs:     []string{"x"},
			wantTexts:   []string{"Premier."},
			wantSkipped: []Skipped{{Path: "b.json", Reason: `duplicate id "x" (first loaded from a.jsonl)`}},
		},
		{
			name: "hidden and unknown files are ignored, subdirectories walked",
			files: fstest.MapFS{
				".git/config.txt":   {Data: []byte("[core]")},
				".notes.txt":        {Data: []byte("secret")},
				"data.csv":          {Data: []byte("a,b")},
				"2025/04/piece.txt": {Data: []byte("Un article rangé.")},
			},
			wantIDs:   []string{"2025/04/piece.txt"},
			wantTexts: []string{"Un article rangé."},
		},
		{
			name: "documents and images listed as unsupported",
			files: fstest.MapFS{
				"report.pdf":  {Data: []byte("%PDF-1.7")},
				"memo.DOCX":   {Data: []byte("PK\x03\x04")},
				"notes.odt":   {Data: []byte("PK\x03\x04")},
				"photo.jpg":   {Data: []byte("\xff\xd8\x00\x00")},
				"article.txt": {Data: []byte("Un article.")},
			},
			wantIDs:   []string{"article.txt"},
			wantTexts: []string{"Un article."},
			wantSkipped: []Skipped{
				{Path: "memo.DOCX", Reason: "unsupported format: .docx"},
				{Path: "notes.odt", Reason: "unsupported format: .odt"},
				{Path: "photo.jpg", Reason: "unsupported format: .jpg"},
				{Path: "report.pdf", Reason: "unsupported format: .pdf"},
			},
		},
		{
			name: "html nested too deep skipped before parsing",
			files: fstest.MapFS{
				"deep.html": {Data: []byte("<html><body>" + strings.Repeat("<div>", 100000) + "Texte." + strings.Repeat("</div>", 100000) + "</body></html>")},
				"ok.html":   {Data: []byte("<html><body><p>Texte lisible.</p></body></html>")},
			},
			wantIDs:     []string{"ok.html"},
			wantTexts:   []string{"Texte lisible."},
			wantSkipped: []Skipped{{Path: "deep.html", Reason: "page nested too deep: more than 512 levels"}},
		},
		{
			name:        "all records without text reported once",
			files:       fstest.MapFS{"queries.jsonl": {Data: []byte(`{"question": "a?"}` + "\n" + `{"question": "b?"}` + "\n" + `{"question": "c?"}` + "\n")}},
			wantSkipped: []Skipped{{Path: "queries.jsonl", Reason: "3 records without text (text, body or content)"}},
		},
		{
			name:      "json record errors",
			files:     fstest.MapFS{"a.json": {Data: []byte(`[{"text": 3}, "str", {"id": {"x": 1}, "text": "t"}, {"text": "  "}, {"id": 7, "body": "Corps.", "date": "pas une date"}]`)}},
			wantIDs:   []string{"7"},
			wantTexts: []string{"Corps."},
			wantSkipped: []Skipped{
				{Path: "a.json#1", Reason: "text field is not a string"},
				{Path: "a.json#2", Reason: "not a JSON object"},
				{Path: "a.json#3", Reason: "id is neither a string nor a number"},
				{Path: "a.json#4", Reason: "empty: no text"},
			},
		},
		{
			name:        "empty json array",
			files:       fstest.MapFS{"a.json": {Data: []byte(`[]`)}},
			wantSkipped: []Skipped{{Path: "a.json", Reason: "empty: no JSON records"}},
		},
		{
			name:      "concatenated json objects",
			files:     fstest.MapFS{"a.json": {Data: []byte(`{"text": "Un."} {"text": "Deux."}`)}},
			wantIDs:   []string{"a.json#1", "a.json#2"},
			wantTexts: []string{"Un.", "Deux."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Load(t.Context(), tt.files, tt.opts)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			var ids, texts []string
			for _, a := range res.Articles {
				ids = append(ids, a.ID)
				texts = append(texts, a.Text)
			}
			if !reflect.DeepEqual(ids, tt.wantIDs) || !reflect.DeepEqual(texts, tt.wantTexts) {
				t.Errorf("articles\n got  %q %q\n want %q %q", ids, texts, tt.wantIDs, tt.wantTexts)
			}
			if !reflect.DeepEqual(res.Skipped, tt.wantSkipped) {
				t.Errorf("skipped\n got  %+v\n want %+v", res.Skipped, tt.wantSkipped)
			}
		})
	}
}

func TestLoadPathFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "dépêche.log")
	if err := os.WriteFile(p, []byte("date: 2025-04-26\n\nUne dépêche dans un fichier nommé."), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := LoadPath(t.Context(), p, LoadOptions{})
	if err != nil {
		t.Fatalf("LoadPath: %v", err)
	}
	if len(res.Articles) != 1 || res.Articles[0].ID != "dépêche.log" || res.Articles[0].Date.String() != "2025-04-26" {
		t.Fatalf("got %+v, want one article dépêche.log dated 2025-04-26", res.Articles)
	}
	if _, err := LoadPath(t.Context(), filepath.Join(dir, "missing"), LoadOptions{}); err == nil {
		t.Errorf("LoadPath(missing) succeeded, want an error")
	}
	pdf := filepath.Join(dir, "rapport.PDF")
	if err := os.WriteFile(pdf, []byte("%PDF-1.7 texte"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err = LoadPath(t.Context(), pdf, LoadOptions{})
	if err != nil || len(res.Articles) != 0 || len(res.Skipped) != 1 || res.Skipped[0].Reason != "unsupported format: .pdf" {
		t.Errorf("LoadPath(pdf) = %+v, %v; want it skipped as an unsupported format", res, err)
	}
}

func TestLoadUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads files regardless of permissions")
	}
	dir := t.TempDir()
	for name, mode := range map[string]os.FileMode{"ok.txt": 0o644, "locked.txt": 0o000} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("Un texte."), mode); err != nil {
			t.Fatal(err)
		}
	}
	res, err := LoadPath(t.Context(), dir, LoadOptions{})
	if err != nil {
		t.Fatalf("LoadPath: %v", err)
	}
	if len(res.Articles) != 1 || len(res.Skipped) != 1 || res.Skipped[0].Path != "locked.txt" ||
		!strings.Contains(res.Skipped[0].Reason, "permission denied") {
		t.Errorf("got articles %+v skipped %+v, want ok.txt and locked.txt skipped for permission", res.Articles, res.Skipped)
	}
}

func TestLoadErrors(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := Load(ctx, Seed(), LoadOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Load with a canceled context: err = %v, want context.Canceled", err)
	}
	if _, err := Load(t.Context(), os.DirFS(filepath.Join(t.TempDir(), "none")), LoadOptions{}); err == nil {
		t.Errorf("Load of a missing root succeeded, want an error")
	}
}

func TestTitleFrom(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Une phrase courte. Une autre.", "Une phrase courte"},
		{"« Citation d’ouverture », dit-il. Suite.", "Citation d’ouverture », dit-il"},
		{strings.Repeat("mot ", 40) + "fin.", strings.TrimSpace(strings.Repeat("mot ", 20)) + "…"},
		{strings.Repeat("x", 100), strings.Repeat("x", 80) + "…"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := titleFrom(tt.text); got != tt.want {
				t.Errorf("titleFrom(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func FuzzLoad(f *testing.F) {
	for _, name := range []string{"formats/header.txt", "formats/front-matter.md", "formats/page.html", "formats/records.jsonl", "formats/array.json", "broken/truncated.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("date 2025-04 « Nos amis. » M. X"))
	f.Add([]byte("---\ntitle: 'x'\n---\n# H\n\n*a* [b](c)"))
	f.Add([]byte{0xFF, 0xFE, 'a', 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		files := fstest.MapFS{}
		for _, ext := range []string{".txt", ".md", ".html", ".json", ".jsonl"} {
			files["f"+ext] = &fstest.MapFile{Data: data}
		}
		res, err := Load(t.Context(), files, LoadOptions{})
		if err != nil {
			t.Fatalf("Load: %v", err)
		}
		for _, a := range res.Articles {
			if a.Text == "" || a.ID == "" {
				t.Fatalf("article with empty text or id: %+v", a)
			}
			checkChunks(t, a, Split(a, DefaultChunkOptions))
		}
	})
}

func TestLoadKnown(t *testing.T) {
	fsys := fstest.MapFS{
		"a.txt":     {Data: []byte("Le texte du fichier a, tel qu'il est sur le disque.")},
		"b.txt":     {Data: []byte("Le texte du fichier b.")},
		"dup.jsonl": {Data: []byte(`{"id":"kept","text":"Un article du fichier dup."}` + "\n")},
	}
	indexed := Article{ID: "a.txt", Path: "a.txt", Title: "Indexé", Text: "Le texte indexé de a.", Hash: "h-a"}
	dupe := Article{ID: "kept", Path: "z.jsonl", Text: "Déjà là.", Hash: "h-z"}
	read := map[string]bool{}
	known := func(p string) ([]Article, bool) {
		switch p {
		case "a.txt":
			return []Article{indexed}, true
		case "z.jsonl": // never walked: only files that are there count
			return []Article{dupe}, true
		}
		read[p] = true
		return nil, false
	}
	res, err := Load(t.Context(), fsys, LoadOptions{Known: known})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]Article{}
	for _, a := range res.Articles {
		byID[a.ID] = a
	}
	tests := []struct {
		name      string
		got, want any
	}{
		{"known file kept as given", byID["a.txt"], indexed},
		{"other files read", byID["b.txt"].Text, "Le texte du fichier b."},
		{"articles", len(res.Articles), 3},
		{"files asked about and read", len(read), 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !reflect.DeepEqual(tt.got, tt.want) {
				t.Errorf("got %+v, want %+v", tt.got, tt.want)
			}
		})
	}
}
