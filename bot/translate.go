package bot

import (
	"context"
	"fmt"

	"verbatim/prompts"
)

// translateQuery is the query translator of model mode (a
// retrieval.QueryTranslator): one model call rewrites the question into
// every other language of the corpus before retrieval. When it fails the
// library searches with its own translator (a dictionary) or the question
// alone, and the core logs why.
func (c *Core) translateQuery(ctx context.Context, text, from string, to []string) (map[string]string, error) {
	msgs, err := prompts.Translate(prompts.TranslateData{Question: text, From: from, To: to})
	if err != nil {
		return nil, err
	}
	reply, err := c.model.Complete(ctx, msgs)
	if err != nil {
		return nil, fmt.Errorf("model translation: %w", err)
	}
	return prompts.ParseTranslations(reply, to), nil
}
