package lexical

import (
	"bytes"
	"errors"
	"reflect"
	"slices"
	"testing"
)

// persistedFields are the fields of Index that WriteTo saves or Read
// derives. When Index changes, update WriteTo/Read and PersistVersion,
// then this list.
var persistedFields = []string{
	"opts", "mu", "terms", "names", "postings", "df", "tf", "docs", "byID",
	"langs", "langID", "live", "deleted", "totalLen", "scratch", "spellMu", "spell",
}

func TestPersistCoversEveryField(t *testing.T) {
	typ := reflect.TypeOf(Index{})
	var got []string
	for i := range typ.NumField() {
		got = append(got, typ.Field(i).Name)
	}
	if !slices.Equal(got, persistedFields) {
		t.Errorf("Index fields = %q, persisted %q: save the new fields in persist.go and bump PersistVersion", got, persistedFields)
	}
	doc := reflect.TypeOf(docEntry{})
	var dgot []string
	for i := range doc.NumField() {
		dgot = append(dgot, doc.Field(i).Name)
	}
	if want := []string{"id", "lang", "deleted", "length", "terms"}; !slices.Equal(dgot, want) {
		t.Errorf("docEntry fields = %q, persisted %q: update persist.go and PersistVersion", dgot, want)
	}
}

func persistFixture() *Index {
	ix := newTestIndex(
		Document{ID: "kursk", Lang: "fr", Title: "Offensive", Body: "Les troupes ukrainiennes sont entrées dans la région de Koursk en août."},
		Document{ID: "kursk2", Lang: "fr", Title: "Koursk", Body: "La région de Koursk a été évacuée. Koursk reste sous tension."},
		Document{ID: "gone", Lang: "fr", Title: "Retiré", Body: "Ce texte est retiré avant l'enregistrement."},
		Document{ID: "weather", Lang: "fr", Title: "Météo", Date: "2025-04 avril 2025", Body: "Il fera beau dans la région parisienne en août."},
		Document{ID: "en", Lang: "en", Title: "Elections", Body: "The presidential elections were held in May."},
	)
	ix.Remove("gone")
	return ix
}

func TestPersistRoundTrip(t *testing.T) {
	ix := persistFixture()
	var buf bytes.Buffer
	if _, err := ix.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := Read(bytes.NewReader(buf.Bytes()), DefaultOptions())
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if got.Len() != ix.Len() {
		t.Errorf("Len = %d, want %d", got.Len(), ix.Len())
	}
	for _, q := range []string{"région de Koursk", "troupe ukrainienne", "avril 2025", "election president", "retiré", "Kousrk", "zzzz"} {
		if g, w := got.Search(q, 10, nil), ix.Search(q, 10, nil); !reflect.DeepEqual(g, w) {
			t.Errorf("Search(%q) after Read = %v, want %v", q, g, w)
		}
		if g, w := got.Rarity("fr", q), ix.Rarity("fr", q); !reflect.DeepEqual(g, w) {
			t.Errorf("Rarity(%q) after Read = %v, want %v", q, g, w)
		}
	}
	// The loaded index still takes documents.
	got.Add(Document{ID: "new", Lang: "fr", Body: "Une nouvelle dépêche sur Koursk."})
	got.Remove("kursk")
	if hits := ids(got.Search("nouvelle dépêche", 5, nil)); !slices.Equal(hits, []string{"new"}) {
		t.Errorf("Search after Add on a loaded index = %q, want [new]", hits)
	}
}

func TestReadRejectsDamage(t *testing.T) {
	var buf bytes.Buffer
	if _, err := persistFixture().WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"truncated in half", good[:len(good)/2]},
		{"truncated by one byte", good[:len(good)-1]},
		{"other version", append([]byte("VBTMLEX\x00"), good[8:]...)},
		{"huge count", append(append([]byte{}, good[:8]...), bytes.Repeat([]byte{0xff}, 8)...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(bytes.NewReader(tt.data), DefaultOptions())
			if !errors.Is(err, ErrPersistFormat) {
				t.Errorf("Read = %v, want ErrPersistFormat", err)
			}
		})
	}
}
