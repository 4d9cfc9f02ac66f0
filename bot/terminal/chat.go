package terminal

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"

	"verbatim/bot"
	"verbatim/corpus"
	"verbatim/quotes"
	"verbatim/retrieval"
)

// answerer is what the chat needs from the answer core.
type answerer interface {
	Ask(ctx context.Context, q bot.Question) (bot.Answer, error)
	Search(ctx context.Context, text string, k int) ([]retrieval.Result, error)
	Library() bot.Library
}

// Options configure a chat session.
type Options struct {
	// Welcome is printed once at the start.
	Welcome string
	// Lang is the interface language until the first question (fr, en,
	// de, es, ru).
	Lang string
	// MaxTurns bounds the conversation kept for follow-ups (default 6).
	MaxTurns int
	// Color highlights search terms with ANSI bold (for a terminal);
	// otherwise they are marked *like this*.
	Color bool
	// Now is the time date phrases are read against (time.Now when nil).
	Now func() time.Time
}

// Chat is one terminal conversation.
type Chat struct {
	core    answerer
	out     io.Writer
	opts    Options
	lang    string
	history []bot.Turn
}

// New returns a chat over core writing to out.
func New(core answerer, out io.Writer, opts Options) *Chat {
	if opts.MaxTurns <= 0 {
		opts.MaxTurns = 6
	}
	lang := opts.Lang
	if lang == "" {
		lang = "en"
	}
	return &Chat{core: core, out: out, opts: opts, lang: lang}
}

// Run reads one line at a time from in (without editing) until /quit,
// end of input or ctx is done. Questions are answered with their sources;
// commands start with "/".
func (c *Chat) Run(ctx context.Context, in io.Reader) error {
	lines := PlainLines(in, c.out)
	defer lines.Close()
	return c.RunLines(ctx, lines)
}

// RunLines is Run over any LineReader, such as an Editor on a terminal.
func (c *Chat) RunLines(ctx context.Context, lines LineReader) error {
	if c.opts.Welcome != "" {
		fmt.Fprintln(c.out, c.opts.Welcome)
	}
	for {
		line, err := lines.ReadLine(ctx, "> ")
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if quit := c.Handle(ctx, line); quit {
			return nil
		}
	}
}

// Handle answers one line: a command or a question. It reports whether the
// user asked to quit.
func (c *Chat) Handle(ctx context.Context, line string) (quit bool) {
	if !strings.HasPrefix(line, "/") {
		c.ask(ctx, line)
		return false
	}
	cmd, arg, _ := strings.Cut(line, " ")
	arg = strings.TrimSpace(arg)
	switch strings.ToLower(cmd) {
	case "/quit", "/exit", "/q":
		return true
	case "/help", "/?":
		c.help()
	case "/sources":
		if last, ok := c.last(); ok {
			RenderSources(c.out, last.Answer)
		} else {
			fmt.Fprintln(c.out, say(c.lang, "askFirst"))
		}
	case "/source":
		c.source(arg)
	case "/search":
		c.search(ctx, arg)
	case "/quotes":
		c.quotes(ctx, arg)
	case "/timeline":
		c.timeline(ctx, arg)
	case "/check":
		c.check(ctx, arg)
	case "/ask":
		if arg == "" {
			fmt.Fprintln(c.out, say(c.lang, "usageAsk"))
		} else {
			c.ask(ctx, arg)
		}
	case "/":
		c.help() // a lone "/" is no question: never the previous one again
	default:
		fmt.Fprintln(c.out, say(c.lang, "unknown"))
		c.help()
	}
	return false
}

// ask answers q. In model mode the answer is printed while it is written,
// one verified sentence at a time (the core streams nothing else), then
// its notice and sources.
func (c *Chat) ask(ctx context.Context, q string) {
	printed := ""
	ans, err := c.core.Ask(ctx, bot.Question{Text: q, History: c.history, OnPartial: func(s string) {
		if rest, ok := strings.CutPrefix(s, printed); ok {
			fmt.Fprint(c.out, rest)
			printed = s
		}
	}})
	if printed != "" {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(ans.Text), printed); ok && err == nil {
			// The rest of the answer, then its notice and sources.
			fmt.Fprintln(c.out, strings.TrimRightFunc(rest, unicode.IsSpace))
			renderAfter(c.out, ans)
			c.remember(q, ans)
			return
		}
		fmt.Fprintln(c.out) // the answer below replaces what was printed
	}
	if ans.Lang != "" {
		c.lang = ans.Lang
	} else if l := corpus.DetectLang(q); texts[l] != nil {
		// No answer: the error is still said in the question's language.
		c.lang = l
	}
	if err != nil {
		fmt.Fprintln(c.out, bot.UserMessage(err, c.lang))
		return
	}
	Render(c.out, ans)
	c.remember(q, ans)
}

// remember keeps the exchange for follow-ups and /sources.
func (c *Chat) remember(q string, ans bot.Answer) {
	if ans.Lang != "" {
		c.lang = ans.Lang
	}
	c.history = append(c.history, bot.Turn{Question: q, Answer: ans, At: time.Now()})
	if len(c.history) > c.opts.MaxTurns {
		c.history = c.history[len(c.history)-c.opts.MaxTurns:]
	}
}

func (c *Chat) last() (bot.Turn, bool) {
	if len(c.history) == 0 {
		return bot.Turn{}, false
	}
	return c.history[len(c.history)-1], true
}

func (c *Chat) source(arg string) {
	last, ok := c.last()
	if !ok {
		fmt.Fprintln(c.out, say(c.lang, "askFirst"))
		return
	}
	n, err := strconv.Atoi(arg)
	if err != nil || n < 1 || n > len(last.Answer.Citations) {
		fmt.Fprintf(c.out, say(c.lang, "usageSource"), len(last.Answer.Citations))
		return
	}
	cit := last.Answer.Citations[n-1]
	p := cit.Passage
	fmt.Fprintf(c.out, "[%d] %s\n", n, sourceLine(c.lang, cit.Title, cit.Date, cit.URL))
	if art, ok := c.core.Library().Article(cit.DocID); ok && p.End > p.Start {
		if where := bot.Position(c.lang, art.Text, p.Start, p.End); where != "" {
			fmt.Fprintln(c.out, "    "+where)
		}
	}
	fmt.Fprintln(c.out)
	fmt.Fprintln(c.out, strings.TrimSpace(p.Text))
	fmt.Fprintln(c.out)
}

func (c *Chat) search(ctx context.Context, terms string) {
	if terms == "" {
		fmt.Fprintln(c.out, say(c.lang, "usageSearch"))
		return
	}
	res, err := c.core.Search(ctx, terms, 5)
	if err != nil {
		fmt.Fprintln(c.out, bot.UserMessage(err, c.lang))
		return
	}
	if len(res) == 0 {
		fmt.Fprintln(c.out, say(c.lang, "noPassage"))
		return
	}
	mark := highlighter(terms, c.opts.Color)
	for _, r := range res {
		fmt.Fprintf(c.out, "%d. %s\n   %s\n\n", r.Rank, sourceLine(c.lang, r.Chunk.Title, r.Chunk.Date, r.Chunk.URL), mark(strings.Join(strings.Fields(r.Chunk.Text), " ")))
	}
}

func (c *Chat) help() { fmt.Fprintln(c.out, say(c.lang, "help")) }

// quotes answers /quotes NAME [topic]: what the person said, newest first.
func (c *Chat) quotes(ctx context.Context, args string) {
	archiveCommand(c, args, "usageQuotes", func(lib quotes.Archive) error {
		s, _, topic, err := quotes.BySpeakerArgs(ctx, lib, args)
		if err == nil {
			RenderQuotes(c.out, c.lang, s, topic)
		}
		return err
	})
}

// timeline answers /timeline topic: the dated articles about it in order.
func (c *Chat) timeline(ctx context.Context, topic string) {
	archiveCommand(c, topic, "usageTimeline", func(lib quotes.Library) error {
		ch, err := quotes.Timeline(ctx, lib, topic, c.now())
		if err == nil {
			RenderTimeline(c.out, c.lang, ch)
		}
		return err
	})
}

// check answers /check TEXT: exact, altered or not found in the archive.
func (c *Chat) check(ctx context.Context, text string) {
	archiveCommand(c, text, "usageCheck", func(lib quotes.Library) error {
		checked, err := quotes.Check(ctx, lib, text)
		if err == nil {
			RenderCheck(c.out, c.lang, text, checked)
		}
		return err
	})
}

// archiveCommand runs an archive command on arg with the chat's library
// as T: its usage (the catalogue's usage key) when arg is empty, a notice
// when the library cannot serve it, the error in the reader's words.
func archiveCommand[T any](c *Chat, arg, usage string, run func(lib T) error) {
	if arg == "" {
		fmt.Fprintln(c.out, say(c.lang, usage))
		return
	}
	lib, ok := c.core.Library().(T)
	if !ok {
		fmt.Fprintln(c.out, say(c.lang, "unavailable"))
		return
	}
	if err := run(lib); err != nil {
		fmt.Fprintln(c.out, bot.UserMessage(err, c.lang))
	}
}

// now is the time a date phrase is read against.
func (c *Chat) now() time.Time {
	if c.opts.Now != nil {
		return c.opts.Now()
	}
	return time.Now()
}
