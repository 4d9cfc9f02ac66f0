package retrieval

import (
	"context"
	"errors"
	"maps"
	"testing"
)

func TestTranslateNames(t *testing.T) {
	tests := []struct {
		name, text, from string
		to               []string
		want             map[string]string
	}{
		{"german question, french corpus", "Wer ist der neue Präsident Ägyptens?", "de", []string{"fr"}, map[string]string{"fr": "Égypte"}},
		{"russian question, two languages", "Что сказал Путин в Москве?", "ru", []string{"fr", "de"}, map[string]string{"fr": "Poutine\nMoscou", "de": "Putin\nMoskau"}},
		{"spanish question", "¿Qué pasó en Moscú?", "es", []string{"ru", "en"}, map[string]string{"ru": "Москва", "en": "Moscow"}},
		{"english question", "What did the United Nations say about Syria?", "en", []string{"es"}, map[string]string{"es": "ONU\nSiria"}},
		{"french question", "Qu'a dit le président égyptien ?", "fr", []string{"en"}, map[string]string{"en": "Egypt"}},
		{"no name", "Wie hoch steigt der Mindestlohn?", "de", []string{"fr"}, map[string]string{}},
		{"own language left out", "Ägypten", "de", []string{"de"}, map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := TranslateNames(context.Background(), tt.text, tt.from, tt.to)
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(got, tt.want) {
				t.Errorf("TranslateNames(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestWithNames(t *testing.T) {
	dict := func(_ context.Context, text, from string, to []string) (map[string]string, error) {
		return map[string]string{"fr": "président\négypte", "es": ""}, nil
	}
	failing := func(context.Context, string, string, []string) (map[string]string, error) {
		return nil, errors.New("model down")
	}
	tests := []struct {
		name    string
		tr      QueryTranslator
		want    map[string]string
		wantErr bool
	}{
		{"dictionary lines first, names it lacks after", dict, map[string]string{"fr": "président\négypte\nPoutine", "es": "Putin\nEgipto"}, false},
		{"no dictionary", nil, map[string]string{"fr": "Poutine\nÉgypte", "es": "Putin\nEgipto"}, false},
		{"failing translator keeps the names", failing, map[string]string{"fr": "Poutine\nÉgypte", "es": "Putin\nEgipto"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := WithNames(tt.tr)(context.Background(), "Was sagte Putin über Ägypten?", "de", []string{"fr", "es"})
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want an error %v", err, tt.wantErr)
			}
			if !maps.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
