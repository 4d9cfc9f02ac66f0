package prompts

import (
	"errors"
	"strings"
)

// Exchange is one earlier question of a conversation and the answer given.
type Exchange struct {
	Question string
	Answer   string
}

// RewriteData is what the rewrite prompt is rendered from.
type RewriteData struct {
	// History holds the earlier exchanges, oldest first.
	History  []Exchange
	Question string
	Lang     string
}

// maxAnswerRunes caps each earlier answer shown in the rewrite prompt.
const maxAnswerRunes = 600

// Rewrite renders the messages asking the model to turn the last question
// of a conversation into a standalone question. Earlier answers are cut to
// a few hundred characters: only their subject matters.
func Rewrite(data RewriteData) ([]Message, error) {
	if strings.TrimSpace(data.Question) == "" {
		return nil, errors.New("render rewrite prompt: empty question")
	}
	view := struct {
		Language string
		History  []Exchange
		Question string
	}{Language: LanguageName(data.Lang), Question: data.Question}
	for _, h := range data.History {
		view.History = append(view.History, Exchange{Question: oneLine(h.Question), Answer: cut(oneLine(h.Answer), maxAnswerRunes)})
	}
	sys, err := render("rewrite_system", view)
	if err != nil {
		return nil, err
	}
	user, err := render("rewrite_user", view)
	if err != nil {
		return nil, err
	}
	return []Message{{Role: "system", Content: sys}, {Role: "user", Content: user}}, nil
}

// ParseRewrite extracts the standalone question from the model's reply: the
// first non-empty line, stripped of a "Question:" label and of surrounding
// quotation marks. It returns "" when there is none.
func ParseRewrite(reply string) string {
	for _, line := range strings.Split(reply, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		for _, label := range []string{"Standalone question:", "Question:", "Rewritten question:", "Question autonome :", "Question :"} {
			if len(line) >= len(label) && strings.EqualFold(line[:len(label)], label) {
				line = strings.TrimSpace(line[len(label):])
			}
		}
		line = strings.Trim(line, "\"“”«» \u00a0\u202f`*")
		return line
	}
	return ""
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// cut shortens s to at most n runes, ending with "…" when it was cut.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n])) + "…"
}
