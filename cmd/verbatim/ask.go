package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"verbatim/bot"
	"verbatim/bot/terminal"
	"verbatim/corpus"
)

// chatModel is the configured model, or nil for offline answers.
func (a *app) chatModel() *bot.ChatModel {
	if !a.cfg.modelConfigured() {
		return nil
	}
	return bot.NewChatModel(bot.ChatConfig{
		APIKey:   a.cfg.OpenAIKey,
		BaseURL:  a.cfg.OpenAIBaseURL,
		Model:    a.cfg.ChatModel,
		Timeout:  a.cfg.ModelTimeout,
		Logger:   a.logger,
		Observer: a.obs.modelObserver(),
	})
}

// core opens (building when needed) the index and gives its holder to
// the answer core.
func (a *app) core(ctx context.Context, cf corpusFlags) (*bot.Core, error) {
	h, _, err := a.openLibrary(ctx, cf)
	if err != nil {
		return nil, err
	}
	if err := a.requireArticles(h, cf); err != nil {
		return nil, err
	}
	return a.newCore(h), nil
}

// newCore returns the answer core over the library.
func (a *app) newCore(lib bot.Library) *bot.Core {
	model := a.chatModel()
	a.obs.modelCheck(model, a.now)
	return bot.NewCore(lib, bot.Config{Model: model, Logger: a.logger, Now: a.now, Observer: a.obs.coreObserver()})
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
	var single string
	if fs.NArg() > 0 {
		if single = strings.TrimSpace(strings.Join(fs.Args(), " ")); single == "" {
			return errNoQuestion
		}
	} else if isTerminal(a.stdin) {
		return errNoQuestion
	}
	if err := a.startObservability(ctx); err != nil {
		return err
	}
	// The index is opened at the first question, so that an empty stdin
	// is a usage error without building anything.
	var core *bot.Core
	failed := 0
	one := func(q string) error {
		if core == nil {
			if core, err = a.core(ctx, cf); err != nil {
				return err
			}
		}
		if !*asJSON && single == "" {
			// Batch mode: say which question each answer is for.
			fmt.Fprintf(a.stdout, "> %s\n", q)
		}
		ans, err := core.Ask(ctx, bot.Question{Text: q, From: f, To: t})
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			failed++
			a.logger.Error("answer failed", "question", clip(q, 200), "err", err)
			msg := bot.UserMessage(err, questionLang(q))
			if *asJSON {
				return json.NewEncoder(a.stdout).Encode(map[string]any{"question": q, "error": msg})
			}
			fmt.Fprintf(a.stdout, "%s\n\n", msg)
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
	if err := eachInput(single, a.stdin, errNoQuestion, one); err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("%d question(s) could not be answered", failed)
	}
	return nil
}

// errNoQuestion is the usage error of an ask without any question.
var errNoQuestion = usagef("ask needs a question: verbatim ask \"QUESTION\", or one question per line on stdin")

// questionLang is the language an error about question q is written in:
// the detected one, English when unsure.
func questionLang(q string) string {
	if l := corpus.DetectLang(q); l != "" && l != "und" {
		return l
	}
	return "en"
}

// isTerminal reports whether stream (stdin, stdout) is a terminal.
func isTerminal(stream any) bool {
	f, ok := stream.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
