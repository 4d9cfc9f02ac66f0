package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"strings"
	"time"

	"verbatim/retrieval/pgstore"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = "dev"

// app is what every subcommand receives: the streams, the environment and,
// once loaded, the configuration and the logger.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	env            *envSource
	now            func() time.Time
	cfg            config
	logger         *slog.Logger
	// obs is set by the commands that answer (ask, chat, serve).
	obs *observability
	// store is the PostgreSQL store once a command opened it.
	store *pgstore.Store
	// storeStop stops what holds store connections (watcher, poller slot).
	storeStop []func()
	// help prints the usage of the command's flag set (see flags).
	help func()
	// probe, when set, receives the command's flag set instead of
	// parsing it: shell completion lists the flags this way.
	probe func(*flag.FlagSet)
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, a *app, args []string) error
}

func commands() []command {
	return []command{
		{"chat", "talk with the corpus in the terminal (default without TELEGRAM_BOT_TOKEN)", runChat},
		{"ask", "answer questions with verified quotes, one-shot or one per stdin line", runAsk},
		{"check", "say where a quote comes from: exact, altered or not found", runCheck},
		{"quotes", "list what a person said, newest first: verbatim quotes NAME [TOPIC…]", runQuotes},
		{"timeline", "lay out the dated articles about a topic in order: verbatim timeline TOPIC", runTimeline},
		{"search", "show the best passages for a query, without a model", runSearch},
		{"index", "build or refresh the index of a corpus", runIndex},
		{"inspect", "load and chunk a corpus and report what was read and skipped", runInspect},
		{"feeds", "poll the feeds of FEEDS once (feeds sync) and index the new articles", runFeeds},
		{"serve", "run the Telegram bot (default with TELEGRAM_BOT_TOKEN)", runServe},
		{"eval", "measure retrieval and answer quality on an evaluation set", runEval},
		{"watch", "watch questions: alerts when new articles answer them (add, list, remove, run)", runWatch},
		{"migrate", "create or upgrade the PostgreSQL schema (DATABASE_URL)", runMigrate},
		{"version", "print the version", runVersion},
		{"completion", "print a shell completion script (bash, zsh or fish)", runCompletion},
	}
}

// run is the whole program: main only builds the signal context.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	env, err := newEnvSource(getenv, ".env")
	if err != nil {
		return err
	}
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, env: env, now: time.Now}

	name := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if name == "" && len(args) > 0 {
		switch args[0] {
		case "-h", "--help", "-help":
			printUsage(stdout)
			return nil
		case "--version", "-version", "-V":
			name, args = "version", args[1:]
		}
	}
	if name == "" {
		name = "chat"
		if env.get("TELEGRAM_BOT_TOKEN") != "" {
			name = "serve"
		}
	}
	if name == "help" {
		if len(args) > 0 {
			// "verbatim help ask" is "verbatim ask --help".
			name, args = args[0], []string{"--help"}
		} else {
			printUsage(stdout)
			return nil
		}
	}
	for _, c := range commands() {
		if c.name == name {
			defer a.closeStore()
			err := c.run(ctx, a, args)
			return serviceError(withHint(err, name), a.cfg.OpenAIBaseURL)
		}
	}
	return unknownCommand(name)
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "verbatim answers questions about news articles with verified verbatim quotes and their dates.")
	fmt.Fprintln(w, "\nUsage: verbatim [command] [flags] [arguments]")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nWith no command: serve when TELEGRAM_BOT_TOKEN is set, chat otherwise.")
	fmt.Fprintln(w, "Configuration comes from flags, then the environment, then .env (see .env.example).")
	fmt.Fprintln(w, "Flags may come anywhere on the line; -- ends them.")
	fmt.Fprintln(w, "\nExamples:")
	for _, e := range []string{
		`verbatim ask "Quand Guérassimov a-t-il annoncé la fin de l'opération de Koursk ?"`,
		"verbatim index --corpus ~/news && verbatim chat --corpus ~/news",
		"verbatim search --k 3 Peskov --json",
		"source <(verbatim completion bash)",
	} {
		fmt.Fprintf(w, "  %s\n", e)
	}
	fmt.Fprintln(w, "\nRun 'verbatim COMMAND --help' for a command's flags and examples.")
}

// flags returns a flag set for a subcommand. Its help (flags and
// examples) goes to stdout on --help only: a mistake is reported on stderr
// as one line by the caller, never with the usage on stdout.
func (a *app) flags(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	a.help = func() {
		fmt.Fprintf(a.stdout, "Usage: verbatim %s %s\n", name, synopsis)
		fmt.Fprintln(a.stdout, "\nFlags (anywhere on the line; -- ends them):")
		fs.SetOutput(a.stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
		printExamples(a.stdout, name)
	}
	return fs
}

// errHelp tells the caller that --help was printed and the command is done.
var errHelp = errors.New("help shown")

// parse parses flags, wherever they are among the arguments; --help
// prints the usage and returns errHelp, any other mistake is a usage
// error. It then loads the configuration.
func (a *app) parse(fs *flag.FlagSet, args []string) error {
	if a.probe != nil {
		// Shell completion only wants the flags.
		a.probe(fs)
		return errHelp
	}
	if err := parseInterspersed(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			if a.help != nil {
				a.help()
			}
			return errHelp
		}
		return &usageError{msg: fmt.Sprintf("%s: %v", fs.Name(), err), hint: flagHint(fs.Name(), err)}
	}
	// A path flag written --corpus=~/news reaches us with its "~".
	fs.Visit(func(f *flag.Flag) {
		if v := f.Value.String(); strings.HasPrefix(v, "~/") {
			_ = f.Value.Set(expandHome(v, a.env.home()))
		}
	})
	cfg, err := loadConfig(a.env)
	if err != nil {
		return err
	}
	if !cfg.LogLevelSet && fs.Name() != "serve" {
		// Terminal commands keep stderr for warnings and errors by default.
		cfg.LogLevel = slog.LevelWarn
	}
	a.cfg = cfg
	a.logger = newLogger(a.stderr, cfg.LogLevel, cfg.LogJSON)
	return nil
}

// done turns errHelp into success.
func done(err error) error {
	if errors.Is(err, errHelp) {
		return nil
	}
	return err
}

func runVersion(ctx context.Context, a *app, args []string) error {
	fs := a.flags("version", "")
	if err := a.parse(fs, args); err != nil {
		return done(err)
	}
	v := version
	if bi, ok := debug.ReadBuildInfo(); ok && v == "dev" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v = bi.Main.Version
	}
	fmt.Fprintf(a.stdout, "verbatim %s\n", v)
	return nil
}
