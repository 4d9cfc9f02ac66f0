// Package prompts holds the model prompts as text/template files embedded in
// the binary, renders them into chat messages, and parses what the model
// writes back: quoted spans, [n] citation markers and the not-found marker.
package prompts

import (
	"bytes"
	"embed"
	"fmt"
	"strings"
	"text/template"
)

// Message is one chat message sent to the model.
type Message struct {
	// Role is "system", "user" or "assistant".
	Role    string `json:"role"`
	Content string `json:"content"`
}

//go:embed templates/*.tmpl
var files embed.FS

// templates are parsed once at init; a broken template is a build defect,
// so it panics there rather than at the first question.
var templates = template.Must(template.New("prompts").Funcs(template.FuncMap{
	"trim": strings.TrimSpace,
}).ParseFS(files, "templates/*.tmpl"))

// render executes the named template and trims the result.
func render(name string, data any) (string, error) {
	var b bytes.Buffer
	if err := templates.ExecuteTemplate(&b, name, data); err != nil {
		return "", fmt.Errorf("render %s: %w", name, err)
	}
	return strings.TrimSpace(b.String()), nil
}

// languageNames names the languages the prompts can ask for, in English.
var languageNames = map[string]string{
	"fr": "French", "en": "English", "de": "German", "es": "Spanish",
	"it": "Italian", "pt": "Portuguese", "nl": "Dutch", "ru": "Russian",
	"uk": "Ukrainian", "pl": "Polish", "ar": "Arabic", "zh": "Chinese",
	"ja": "Japanese", "tr": "Turkish",
}

// LanguageName returns the English name of an ISO 639-1 code, or the code
// itself when unknown, or "the language of the question" when empty.
func LanguageName(lang string) string {
	if n, ok := languageNames[lang]; ok {
		return n
	}
	if lang == "" {
		return "the language of the question"
	}
	return lang
}

// QuoteMarks returns the opening and closing quotation marks used for
// verbatim quotes in lang: guillemets with no-break spaces in French,
// straight double quotes otherwise.
func QuoteMarks(lang string) (open, close string) {
	if lang == "fr" {
		return "«\u00a0", "\u00a0»"
	}
	return `"`, `"`
}
