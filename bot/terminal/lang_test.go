package terminal

import (
	"context"
	"strings"
	"testing"
)

// TestSpanishConversationStaysSpanish asks the real core over the French
// seed article in Spanish, from a terminal started in English: the
// answer's sources, a related answer to "¿Y Putin?" and the help after
// "ok" all speak Spanish.
func TestSpanishConversationStaysSpanish(t *testing.T) {
	chat := New(seedCore(t), new(strings.Builder), Options{Lang: "en"})
	tests := []struct {
		line string
		want []string
	}{
		{"¿Qué dijo Maria Zakharova sobre Corea del Norte?", []string{"(Las citas están en francés, el idioma de los artículos.)", "Fuentes:", "abril de 2025", "«"}},
		{"¿Y Putin?", []string{"No hay una respuesta directa en los artículos", "Fuentes:"}},
		{"ok", nil},
		{"/help", []string{"Haga una pregunta en español"}},
		{"/source 99", []string{"Uso: /source N"}},
	}
	for _, tt := range tests {
		var out strings.Builder
		chat.out = &out
		chat.Handle(context.Background(), tt.line)
		for _, w := range tt.want {
			if !strings.Contains(out.String(), w) {
				t.Errorf("%q: got\n%s\nwant it to hold %q", tt.line, out.String(), w)
			}
		}
		for _, e := range []string{"Sources:", "According to", "April 2025", "Ask a question"} {
			if strings.Contains(out.String(), e) {
				t.Errorf("%q: got\n%s\nwhich holds the English %q", tt.line, out.String(), e)
			}
		}
		if chat.lang != "es" {
			t.Errorf("after %q the chat's language is %q, want es", tt.line, chat.lang)
		}
	}
}
