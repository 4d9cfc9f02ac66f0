package retrieval

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"verbatim/corpus"
)

// testChunking makes several small chunks per test article.
var testChunking = corpus.ChunkOptions{MinWords: 20, MaxWords: 60, TargetWords: 30}

// topics are the subjects of generated test articles; each sentence takes
// a person's name and a number, so that articles of one topic differ.
var topics = []struct {
	lang, title string
	sentences   []string
}{
	{"fr", "Piaf et le sport", []string{
		"Edith Piaf aimait le cyclisme et suivait le Tour de France avec %s depuis %d ans.",
		"Elle chantait pour les coureurs cyclistes, raconte %s, lors de l'étape numéro %d.",
		"Le champion de boxe Marcel Cerdan fut son grand amour, selon %s en %d.",
		"Les archives montrent %d photographies de Piaf au vélodrome avec %s.",
		"La chanteuse encourageait les boxeurs au Palais des sports, se souvient %s après %d combats.",
		"Selon %s, Piaf connaissait par coeur les %d grimpeurs du peloton.",
	}},
	{"fr", "Budget de l'État", []string{
		"Le ministre des Finances %s a présenté un budget de %d milliards d'euros.",
		"Le déficit public atteindra %d pour cent du produit intérieur brut, prévient %s.",
		"Les députés ont voté l'impôt sur les sociétés après %d heures de débat avec %s.",
		"La dette publique inquiète la Cour des comptes et %s depuis %d mois.",
		"%s réclame %d économies supplémentaires sur les dépenses de l'État.",
		"La loi de finances prévoit %d mesures fiscales, d'après %s.",
	}},
	{"en", "Storm on the coast", []string{
		"A violent storm hit the coast on Tuesday, %s said, with winds of %d kilometres per hour.",
		"Rescue teams evacuated %d families from flooded villages, according to %s.",
		"The hurricane damaged harbours and fishing boats, %s reported after %d hours.",
		"Meteorologists led by %s warned of %d more days of heavy rain.",
		"Power lines fell across %d roads and %s asked residents to stay home.",
		"Insurance claims after the flood reached %d million, %s estimated.",
	}},
	{"en", "Chess championship", []string{
		"The chess champion %s won the final game after %d moves.",
		"Grandmaster %s sacrificed a queen in round %d of the tournament.",
		"The world championship match lasted %d days, %s recalled.",
		"Opening theory favoured the Sicilian defence, %s explained to %d students.",
		"%s analysed the endgame with a computer engine rated %d points.",
		"Spectators counted %d blunders in the rapid playoff won by %s.",
	}},
}

var testNames = []string{"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
	"Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
	"Vincent", "Fournier", "Morel", "Girard", "Andre", "Lefevre", "Mercier", "Dupont", "Lambert", "Bonnet"}

// testArticle generates article i: its topic is i modulo the topics, its
// date a month of 2024-2025 (article 0 is undated).
func testArticle(i int) corpus.Article {
	tp := topics[i%len(topics)]
	var b strings.Builder
	for s := 0; s < 12; s++ {
		if s > 0 && s%4 == 0 {
			b.WriteString("\n\n")
		} else if s > 0 {
			b.WriteString(" ")
		}
		name := testNames[(i*7+s*3)%len(testNames)]
		tmpl := tp.sentences[s%len(tp.sentences)]
		if strings.Index(tmpl, "%d") < strings.Index(tmpl, "%s") {
			fmt.Fprintf(&b, tmpl, i*100+s, name)
		} else {
			fmt.Fprintf(&b, tmpl, name, i*100+s)
		}
	}
	a := corpus.Article{
		ID:    fmt.Sprintf("art-%03d", i),
		Path:  fmt.Sprintf("art-%03d.txt", i),
		Title: fmt.Sprintf("%s (%d)", tp.title, i),
		Lang:  tp.lang,
		Text:  b.String(),
	}
	if i > 0 {
		a.Date = corpus.Date{Time: time.Date(2024+i/12%2, time.Month(i%12+1), 1, 0, 0, 0, 0, time.UTC), Precision: corpus.PrecisionMonth}
	}
	return rehash(a)
}

// rehash sets a.Hash from its content, as the corpus loader does.
func rehash(a corpus.Article) corpus.Article {
	h := sha256.Sum256([]byte(a.ID + "\x00" + a.Title + "\x00" + a.Date.String() + "\x00" + a.Lang + "\x00" + a.Text))
	a.Hash = hex.EncodeToString(h[:])
	return a
}

func testCorpus(n int) *corpus.Result {
	res := &corpus.Result{Skipped: []corpus.Skipped{{Path: "broken.pdf", Reason: "unsupported format"}}}
	for i := range n {
		res.Articles = append(res.Articles, testArticle(i))
	}
	return res
}

// countingEmbedder wraps the local embedder, counting the texts it embeds
// and failing every call after the first failAfter ones when failAfter >= 0.
type countingEmbedder struct {
	calls, texts atomic.Int64
	failAfter    int64
}

var errEmbedOutage = errors.New("embedding service outage")

func newCounting() *countingEmbedder { return &countingEmbedder{failAfter: -1} }

func (c *countingEmbedder) embedder() Embedder {
	e := NewLocalEmbedder()
	inner := e.Embed
	e.Embed = func(ctx context.Context, texts []string) ([][]float32, error) {
		n := c.calls.Add(1)
		if c.failAfter >= 0 && n > c.failAfter {
			return nil, errEmbedOutage
		}
		c.texts.Add(int64(len(texts)))
		return inner(ctx, texts)
	}
	return e
}

func build(t *testing.T, dir string, res *corpus.Result, e Embedder) (*Index, Report) {
	t.Helper()
	ix, rep, err := Build(context.Background(), dir, res, e, BuildOptions{Chunking: testChunking})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return ix, rep
}

// dirFiles lists the names in dir.
func dirFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	local := NewLocalEmbedder()
	_, err := Open(dir, local)
	if !errors.Is(err, ErrNoIndex) {
		t.Fatalf("Open(empty dir) err = %v, want ErrNoIndex", err)
	}
	build(t, dir, testCorpus(3), local)

	openai := Embedder{Name: "openai", Model: "text-embedding-3-small", Dimensions: 1536}
	_, err = Open(dir, openai)
	var mismatch *EmbedderMismatchError
	if !errors.As(err, &mismatch) {
		t.Fatalf("Open with another embedder err = %v, want *EmbedderMismatchError", err)
	}
	want := `index was built with ` + local.ID() + ` but the configured embedder is openai/text-embedding-3-small/1536: run "verbatim index" to rebuild it`
	if err.Error() != want {
		t.Errorf("mismatch message = %q, want %q", err.Error(), want)
	}
	if _, err := Open(dir, local); err != nil {
		t.Errorf("Open with the building embedder: %v", err)
	}
}

func TestOpenCorruptSnapshot(t *testing.T) {
	dir := t.TempDir()
	e := NewLocalEmbedder()
	build(t, dir, testCorpus(4), e)
	path := filepath.Join(dir, SnapshotFile)
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		mangle func([]byte) []byte
	}{
		{"truncated", func(b []byte) []byte { return b[:len(b)/2] }},
		{"empty", func([]byte) []byte { return nil }},
		{"flipped byte in the vectors", func(b []byte) []byte { b[len(b)-trailerSize-100] ^= 0x40; return b }},
		{"flipped byte in the header", func(b []byte) []byte { b[200] ^= 0x01; return b }},
		{"not a snapshot", func([]byte) []byte { return []byte(strings.Repeat("hello world\n", 100)) }},
		{"trailing garbage", func(b []byte) []byte { return append(b, 1, 2, 3) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := os.WriteFile(path, tt.mangle(slices.Clone(good)), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Open(dir, e)
			if err == nil || !strings.Contains(err.Error(), "damaged index snapshot") {
				t.Errorf("Open err = %v, want a damaged snapshot error", err)
			}
			if errors.Is(err, ErrNoIndex) {
				t.Errorf("Open err = %v, must not be ErrNoIndex", err)
			}
		})
	}
}

func TestIndexAccessors(t *testing.T) {
	dir := t.TempDir()
	res := testCorpus(6)
	built := time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC)
	ix, _, err := Build(context.Background(), dir, res, NewLocalEmbedder(), BuildOptions{
		Chunking: testChunking, Now: func() time.Time { return built },
	})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	reopened, err := Open(dir, NewLocalEmbedder())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	for name, ix := range map[string]*Index{"built": ix, "reopened": reopened} {
		t.Run(name, func(t *testing.T) {
			var ids []string
			for _, a := range ix.Articles() {
				ids = append(ids, a.ID)
			}
			// Dates: art-00i is month i+1 of 2024; art-000 is undated.
			want := []string{"art-005", "art-004", "art-003", "art-002", "art-001", "art-000"}
			if !slices.Equal(ids, want) {
				t.Errorf("Articles order = %v, want %v", ids, want)
			}
			for _, n := range []int{-1, 0, 2, 6, 9} {
				var got []string
				for _, a := range ix.Newest(n) {
					got = append(got, a.ID)
				}
				if w := want[:max(0, min(n, len(want)))]; !slices.Equal(got, w) {
					t.Errorf("Newest(%d) = %v, want %v", n, got, w)
				}
			}
			info := ix.Info()
			wantInfo := Info{Articles: 6, Chunks: info.Chunks, BuiltAt: built, Embedder: "local", Model: NewLocalEmbedder().Model,
				Dimensions: NewLocalEmbedder().Dimensions, Langs: []string{"en", "fr"},
				Oldest: res.Articles[1].Date, Newest: res.Articles[5].Date}
			if fmt.Sprint(info) != fmt.Sprint(wantInfo) {
				t.Errorf("Info = %+v, want %+v", info, wantInfo)
			}
			if info.Chunks < 12 {
				t.Errorf("Info.Chunks = %d, want several chunks per article", info.Chunks)
			}
			a, ok := ix.Article("art-002")
			if !ok || a.Text != res.Articles[2].Text || a.Hash != res.Articles[2].Hash {
				t.Errorf("Article(art-002) = %q, %v; want the loaded article", a.ID, ok)
			}
			if _, ok := ix.Article("nope"); ok {
				t.Error("Article(nope) found")
			}
			c, ok := ix.Chunk("art-002#1")
			if !ok || c.Text != res.Articles[2].Text[c.Start:c.End] || c.Title != res.Articles[2].Title || c.Date != res.Articles[2].Date {
				t.Errorf("Chunk(art-002#1) = %+v, %v; want a chunk of art-002", c, ok)
			}
			if ix.Fingerprint() != Fingerprint(res.Articles) {
				t.Errorf("Fingerprint = %s, want %s", ix.Fingerprint(), Fingerprint(res.Articles))
			}
			if ix.Embedder().ID() != NewLocalEmbedder().ID() {
				t.Errorf("Embedder = %s", ix.Embedder().ID())
			}
		})
	}
}

func TestFingerprint(t *testing.T) {
	arts := testCorpus(3).Articles
	reversed := slices.Clone(arts)
	slices.Reverse(reversed)
	moved := slices.Clone(arts)
	moved[1].Path = "elsewhere/x.txt"
	edited := slices.Clone(arts)
	edited[1].Text += " Encore une phrase."
	edited[1] = rehash(edited[1])
	base := Fingerprint(arts)
	tests := []struct {
		name     string
		articles []corpus.Article
		same     bool
	}{
		{"reordered", reversed, true},
		{"moved file", moved, true},
		{"edited", edited, false},
		{"removed", arts[:2], false},
		{"empty", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fingerprint(tt.articles) == base; got != tt.same {
				t.Errorf("same fingerprint = %v, want %v", got, tt.same)
			}
		})
	}
}
