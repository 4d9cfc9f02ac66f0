package telegram

import (
	"html"
	"strings"
	"testing"
)

func TestReplyLang(t *testing.T) {
	tests := []struct {
		name, question, conv, code, want string
	}{
		{"question decides", "Wer ist der neue Präsident Ägyptens?", "es", "fr", "de"},
		{"russian question", "Что сказал Путин?", "", "en", "ru"},
		{"short follow-up keeps the conversation's", "¿Y Putin?", "es", "en", "es"},
		{"ambiguous word keeps the conversation's", "Y Putin?", "es", "fr", "es"},
		{"ok keeps the conversation's", "ok", "es", "en", "es"},
		{"number keeps the conversation's", "3", "ru", "en", "ru"},
		{"no conversation: the user's language", "ok", "", "de-AT", "de"},
		{"command: conversation first", "", "es", "fr", "es"},
		{"command in a new chat: the user's language", "", "", "ru", "ru"},
		{"nothing known: English", "ok", "", "", "en"},
		{"no catalogue: English", "ok", "", "it", "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := replyLang(tt.question, tt.conv, tt.code); got != tt.want {
				t.Errorf("replyLang(%q, %q, %q) = %q, want %q", tt.question, tt.conv, tt.code, got, tt.want)
			}
		})
	}
}

// TestSpanishConversationStaysSpanish talks to the bot over the Bot API
// in Spanish, from a user whose Telegram language is English, about the
// French seed article: the answer, the related answer to the short
// follow-up "¿Y Putin?", their buttons and /help after "ok" and a number
// all speak Spanish. (The engine's not-found sentence, written in
// engine/core.go, is not checked: it has no Spanish until core.go takes
// it from engine.NotFoundText.)
func TestSpanishConversationStaysSpanish(t *testing.T) {
	h := startHarness(t, harnessOptions{})
	const chat = 77
	u := user(chat, "en")
	tests := []struct {
		question string
		want     []string // Spanish texts the reply holds
	}{
		{"¿Qué dijo Maria Zakharova sobre Corea del Norte?", []string{"Las citas están en francés, el idioma de los artículos.", "abril de 2025"}},
		{"¿Y Putin?", []string{"No hay una respuesta directa en los artículos; los pasajes más cercanos:", "abril de 2025"}},
		{"ok", nil},
		{"3", nil},
		{"/help", []string{"Respondo a preguntas sobre 1 artículo de prensa", "Período cubierto: abril de 2025.", "Idiomas: francés.", "Ejemplos:"}},
	}
	english := []string{"According to", "No direct answer", "The quotes are in", "April 2025", "I answer questions", "Examples:"}
	for _, tt := range tests {
		got := h.ask(t, chat, "private", u, tt.question, nil)
		text := html.UnescapeString(got.Params["text"] + got.Params["reply_markup"])
		for _, w := range tt.want {
			if !strings.Contains(text, w) {
				t.Errorf("reply to %q lacks %q:\n%s", tt.question, w, text)
			}
		}
		for _, e := range english {
			if strings.Contains(text, e) {
				t.Errorf("reply to %q holds the English %q:\n%s", tt.question, e, text)
			}
		}
		if turn, ok := h.bot.convs.Last(chatKey(chat)); !ok || turn.Answer.Lang != "es" {
			t.Errorf("after %q the conversation's language is %q, want es", tt.question, turn.Answer.Lang)
		}
	}
}
