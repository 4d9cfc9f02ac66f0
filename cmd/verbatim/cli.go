package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// parseInterspersed parses fs from args with flags anywhere on the line,
// as gh, restic and hugo do: "ask Wimbledon --json" is "ask --json
// Wimbledon". A "--" ends the flags; every later argument is positional.
// The positional arguments are then what fs.Args returns.
func parseInterspersed(fs *flag.FlagSet, args []string) error {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		rest := fs.Args()
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			positional = append(positional, rest...)
			break
		}
		if len(rest) == 0 {
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	// Parsing "--" alone leaves the flags set and makes fs.Args the
	// positional arguments.
	return fs.Parse(append([]string{"--"}, positional...))
}

// flagHint is the line under a flag mistake: where the flags are listed,
// and how to pass a question that starts with a dash.
func flagHint(command string, err error) string {
	hint := fmt.Sprintf("Run 'verbatim %s --help' for usage.", command)
	if strings.Contains(err.Error(), "provided but not defined") {
		hint += " Put -- before an argument that starts with a dash."
	}
	return hint
}

// unknownCommand is the usage error for a command that does not exist,
// suggesting the nearest ones.
func unknownCommand(name string) error {
	if strings.ContainsAny(name, " ?") {
		return &usageError{
			msg:  fmt.Sprintf("unknown command %q", clip(name, 40)),
			hint: fmt.Sprintf("To ask a question: verbatim ask %q", name),
		}
	}
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	if s := suggest(name, names); len(s) > 0 {
		return &usageError{
			msg:  fmt.Sprintf("unknown command %q", name),
			hint: fmt.Sprintf("Did you mean %s? Run 'verbatim --help' for the commands.", orList(s)),
		}
	}
	return &usageError{msg: fmt.Sprintf("unknown command %q", name), hint: "Run 'verbatim --help' for the commands."}
}

// suggest returns the names nearest to typed, within two edits (one for
// short names), or starting with it.
func suggest(typed string, names []string) []string {
	typed = strings.ToLower(typed)
	var out []string
	best := 3
	for _, n := range names {
		d := editDistance(typed, n)
		if len(typed) >= 2 && strings.HasPrefix(n, typed) {
			d = 0
		}
		if d > 2 || (len(n) <= 4 && d > 1) || d > best {
			continue
		}
		if d < best {
			best, out = d, nil
		}
		out = append(out, n)
	}
	return out
}

// editDistance is the Levenshtein distance between a and b, counting an
// adjacent transposition ("sreach") as one edit.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// orList writes names as "'a'", "'a' or 'b'", "'a', 'b' or 'c'".
func orList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "'" + n + "'"
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// printExamples writes the examples of command under its help.
func printExamples(w io.Writer, command string) {
	if ex := examples(command); len(ex) > 0 {
		fmt.Fprintln(w, "\nExamples:")
		for _, e := range ex {
			fmt.Fprintf(w, "  %s\n", e)
		}
	}
}

// examples are the command lines shown under a command's --help.
func examples(command string) []string {
	switch command {
	case "chat":
		return []string{
			"verbatim chat",
			"verbatim chat --corpus ~/news",
			"CORPUS_DIR=~/news OPENAI_API_KEY=sk-... verbatim chat",
		}
	case "ask":
		return []string{
			`verbatim ask "Quand Guérassimov a-t-il annoncé la fin de l'opération de Koursk ?"`,
			`verbatim ask "What did Peskov say?" --json`,
			`verbatim ask --from 2025-04 --to 2025-05 "Koursk"`,
			"verbatim ask --corpus ~/news < questions.txt",
		}
	case "check":
		return []string{
			`verbatim check "La Russie n'oubliera jamais ses amis de Corée du Nord"`,
			"verbatim check --json < quotes.txt",
		}
	case "quotes":
		return []string{
			"verbatim quotes Zakharova",
			"verbatim quotes Peskov Corée --json",
		}
	case "timeline":
		return []string{
			"verbatim timeline Koursk",
			"verbatim timeline --lang en Vendée Globe",
			"verbatim timeline --corpus ~/news budget du port --json",
		}
	case "search":
		return []string{
			"verbatim search Peskov",
			"verbatim search --k 3 Higgs --json",
			"verbatim search --from 2025 --corpus ~/news budget",
		}
	case "index":
		return []string{
			"verbatim index --corpus ~/news",
			"verbatim index --corpus ~/news --index /srv/verbatim/index --json",
			"DATABASE_URL=postgres://... verbatim index --corpus ~/news",
		}
	case "inspect":
		return []string{
			"verbatim inspect ~/news",
			"verbatim inspect --json ~/news | jq .skipped",
		}
	case "watch", "watch add", "watch list", "watch remove", "watch run":
		return []string{
			`verbatim watch add "Koursk"`,
			"verbatim watch list",
			"verbatim watch run --json   # from cron: the alerts since the last run",
			"verbatim watch remove 2",
		}
	case "feeds", "feeds sync":
		return []string{
			"FEEDS=feeds.txt verbatim feeds sync",
			"FEEDS=https://example.org/rss verbatim feeds sync --json",
		}
	case "serve":
		return []string{
			"TELEGRAM_BOT_TOKEN=123456:ABC... verbatim serve --corpus ~/news",
			"WEBHOOK_URL=https://bot.example.org/hook verbatim serve --listen :8080",
		}
	case "eval":
		return []string{
			"verbatim eval --set ../shared/eval/dev/fr",
			"verbatim eval --set ../shared/eval/dev/fr --answers --json",
		}
	case "migrate":
		return []string{
			"verbatim migrate --database postgres://verbatim@localhost/verbatim",
		}
	case "version":
		return []string{"verbatim version", "verbatim --version"}
	case "completion":
		return []string{
			"source <(verbatim completion bash)",
			"verbatim completion zsh > \"${fpath[1]}/_verbatim\"",
			"verbatim completion fish > ~/.config/fish/completions/verbatim.fish",
		}
	}
	return nil
}
