package prompts

import (
	"strings"
	"testing"
)

func TestTranslatePrompt(t *testing.T) {
	msgs, err := Translate(TranslateData{Question: "Qu'a dit\nPoutine ?", From: "fr", To: []string{"ru", "en"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 2 || msgs[0].Role != "system" || msgs[1].Role != "user" {
		t.Fatalf("got %d messages, want system then user", len(msgs))
	}
	for _, want := range []string{"from French", "code: translation"} {
		if !strings.Contains(msgs[0].Content, want) {
			t.Errorf("system message lacks %q:\n%s", want, msgs[0].Content)
		}
	}
	if want := "Languages: ru (Russian), en (English)\nQuestion: Qu'a dit Poutine ?"; msgs[1].Content != want {
		t.Errorf("user message = %q, want %q", msgs[1].Content, want)
	}
	for _, bad := range []TranslateData{{Question: " ", To: []string{"en"}}, {Question: "q"}} {
		if _, err := Translate(bad); err == nil {
			t.Errorf("Translate(%+v) accepted", bad)
		}
	}
}

func TestParseTranslations(t *testing.T) {
	reply := "Here you go:\nru: Что сказал Путин?\n**English**: \"What did Putin say?\"\nde: Was sagte Putin?\nen: second line ignored\nes:\n"
	got := ParseTranslations(reply, []string{"ru", "en", "es"})
	want := map[string]string{"ru": "Что сказал Путин?", "en": "What did Putin say?"}
	if len(got) != len(want) || got["ru"] != want["ru"] || got["en"] != want["en"] {
		t.Errorf("ParseTranslations = %q, want %q", got, want)
	}
}
