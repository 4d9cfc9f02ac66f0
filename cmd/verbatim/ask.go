package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"verbatim/bot"
	"verbatim/bot/terminal"
)

// chatModel is the configured model, or nil for offline answers.
func (a *app) chatModel() *bot.ChatModel {
	if !a.cfg.modelConfigured() {
		return nil
	}
	return bot.NewChatModel(bot.ChatConfig{
		APIKey:  a.cfg.OpenAIKey,
		BaseURL: a.cfg.OpenAIBaseURL,
		Model:   a.cfg.ChatModel,
		Timeout: a.cfg.ModelTimeout,
		Logger:  a.logger,
	})
}

// core opens (building when needed) the index and wraps it in the answer core.
func (a *app) core(ctx context.Context, cf corpusFlags) (*bot.Core, error) {
	ix, _, err := a.openIndex(ctx, cf)
	if err != nil {
		return nil, err
	}
	return bot.NewCore(ix, bot.Config{Model: a.chatModel(), Logger: a.logger, Now: a.now}), nil
}

func runAsk(ctx context.Context, a *app, args []string) error {
	fs := a.flags("ask", "[--json] [--index DIR] [--corpus DIR] [--from DATE --to DATE] [QUESTION]")
	var cf corpusFlags
	cf.register(fs, true)
	from := fs.String("from", "", "only articles dated from DATE")
	to := fs.String("to", "", "only articles dated up to DATE, inclusive at its precision")
	asJSON := fs.Bool("json", false, "print each answer as one JSON object")
	if err := a.parse(fs, args); err != nil {
		return done(err)
	}
	f, t, err := dateRange(*from, *to)
	if err != nil {
		return err
	}
	core, err := a.core(ctx, cf)
	if err != nil {
		return err
	}
	failed := 0
	one := func(q string) error {
		ans, err := core.Ask(ctx, bot.Question{Text: q, From: f, To: t})
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			failed++
			a.logger.Error("answer failed", "question", q, "err", err)
			if *asJSON {
				return json.NewEncoder(a.stdout).Encode(map[string]any{"question": q, "error": bot.UserMessage(err, "en")})
			}
			fmt.Fprintf(a.stdout, "%s\n\n", bot.UserMessage(err, ans.Lang))
			return nil
		}
		if ans.Citations == nil {
			ans.Citations = []bot.Citation{}
		}
		if *asJSON {
			return json.NewEncoder(a.stdout).Encode(ans)
		}
		terminal.Render(a.stdout, ans)
		return nil
	}
	if fs.NArg() > 0 {
		err = one(strings.Join(fs.Args(), " "))
	} else {
		err = eachLine(a.stdin, one)
	}
	if err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("%d question(s) could not be answered", failed)
	}
	return nil
}
