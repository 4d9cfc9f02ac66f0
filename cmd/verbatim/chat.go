package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"verbatim/bot"
	"verbatim/bot/terminal"
	"verbatim/retrieval"
)

func runChat(ctx context.Context, a *app, args []string) error {
	fs := a.flags("chat", "[--corpus DIR] [--index DIR]")
	var cf corpusFlags
	cf.register(fs, true)
	if err := a.parse(fs, args); err != nil {
		return done(err)
	}
	if fs.NArg() > 0 {
		return usagef("chat takes no arguments; type questions at the prompt")
	}
	in, interactive := a.stdin.(*os.File)
	interactive = interactive && isTerminal(in)
	logPath := ""
	if interactive {
		// Warnings (a model outage, its retries) go to a file, not between
		// the questions and answers; the answer itself says it is
		// extractive in one line.
		path, closeLog, err := a.logToFile("chat.log")
		if err != nil {
			a.logger.Warn("logging to the terminal", "err", err)
		} else {
			defer closeLog()
			logPath = path
		}
	}
	if err := a.startObservability(ctx); err != nil {
		return err
	}
	ix, _, err := a.openLibrary(ctx, cf)
	if err != nil {
		return err
	}
	if err := a.requireArticles(ix, cf); err != nil {
		return err
	}
	core := a.newCore(ix)
	lang := a.chatLang(ix.Info())
	example := ""
	if ex := bot.ExampleQuestions(ix.Newest(exampleArticles), lang, 1); len(ex) > 0 {
		example = ex[0]
	}
	opts := terminal.Options{Welcome: terminal.Welcome(lang, ix.Info(), a.cfg.modelConfigured(), example, logPath, a.dictionaryPairs()), Lang: lang, Color: isTerminal(a.stdout)}
	chat := terminal.New(core, a.stdout, opts)
	if !interactive || !isTerminal(a.stdout) {
		// Line editing draws on the terminal: not into a redirected output.
		return chat.Run(ctx, a.stdin)
	}
	history := ""
	if dir, err := cacheDir(); err == nil {
		history = filepath.Join(dir, "chat_history")
	}
	editor, err := terminal.NewEditor(in, a.stdout, history)
	if err != nil {
		a.logger.Warn("no line editing", "err", err)
		return chat.Run(ctx, a.stdin)
	}
	defer editor.Close()
	return chat.RunLines(ctx, editor)
}

// cacheDir is verbatim's folder in the user cache directory.
func cacheDir() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("find the user cache directory: %w", err)
	}
	return filepath.Join(dir, "verbatim"), nil
}

// logToFile sends the logs to name in the cache directory (appending) and
// returns its path and a function closing it.
func (a *app) logToFile(name string) (string, func(), error) {
	dir, err := cacheDir()
	if err != nil {
		return "", nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", nil, fmt.Errorf("log folder: %w", err)
	}
	path := filepath.Join(dir, name)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return "", nil, fmt.Errorf("open the log file: %w", err)
	}
	level := a.cfg.LogLevel
	if !a.cfg.LogLevelSet {
		level = 0 // info: the file has room for it
	}
	a.logger = newLogger(f, level, a.cfg.LogJSON)
	return path, func() { f.Close() }, nil
}

// exampleArticles is the number of newest articles the welcome's example
// question is drawn from.
const exampleArticles = 500

// chatLang is the chat's language until the first question: the language
// the reader's locale names (terminal.LocaleLang), else, the locale unset,
// "C" or "POSIX" (a machine's default, not a reader's choice), the
// corpus's first language when the chat speaks it, else English.
func (a *app) chatLang(info retrieval.Info) string {
	if l, named := terminal.LocaleLang(a.locales()...); named {
		return l
	}
	if len(info.Langs) > 0 && terminal.HasLang(info.Langs[0]) {
		return info.Langs[0]
	}
	return "en"
}
