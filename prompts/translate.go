package prompts

import (
	"errors"
	"strings"
)

// TranslateData is what the translation prompt is rendered from.
type TranslateData struct {
	Question string
	// From is the question's language and To the languages to translate
	// it into (ISO 639-1 codes).
	From string
	To   []string
}

// Translate renders the messages asking the model to translate a question
// into the corpus's other languages before retrieval, in one call.
func Translate(data TranslateData) ([]Message, error) {
	if strings.TrimSpace(data.Question) == "" {
		return nil, errors.New("render translate prompt: empty question")
	}
	if len(data.To) == 0 {
		return nil, errors.New("render translate prompt: no language to translate into")
	}
	type lang struct{ Code, Name string }
	view := struct {
		From, Question string
		To             []lang
	}{From: LanguageName(data.From), Question: oneLine(data.Question)}
	for _, l := range data.To {
		view.To = append(view.To, lang{Code: l, Name: LanguageName(l)})
	}
	sys, err := render("translate_system", view)
	if err != nil {
		return nil, err
	}
	user, err := render("translate_user", view)
	if err != nil {
		return nil, err
	}
	return []Message{{Role: "system", Content: sys}, {Role: "user", Content: user}}, nil
}

// ParseTranslations reads the model's "code: translation" lines for the
// languages of to; lines for other languages, empty translations and
// chatter are ignored. A language may also be named in English ("Russian:
// ...").
func ParseTranslations(reply string, to []string) map[string]string {
	out := map[string]string{}
	for _, line := range strings.Split(reply, "\n") {
		key, val, ok := strings.Cut(strings.TrimSpace(line), ":")
		if !ok {
			continue
		}
		key = strings.ToLower(strings.Trim(key, " -*`\"'"))
		val = strings.Trim(strings.TrimSpace(val), "\"“”«»`\u00a0")
		if val == "" {
			continue
		}
		for _, l := range to {
			if key == l || key == strings.ToLower(LanguageName(l)) {
				if _, dup := out[l]; !dup {
					out[l] = val
				}
			}
		}
	}
	return out
}
