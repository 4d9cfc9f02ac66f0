package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

// completionFlag is one flag offered by shell completion.
type completionFlag struct {
	name, usage string
	// takesValue is false for boolean flags.
	takesValue bool
}

// completionCommand is one command with its flags.
type completionCommand struct {
	name, summary string
	flags         []completionFlag
}

// completionCommands lists every command with the flags its flag set
// defines, read by running the command in probe mode (see app.parse).
func completionCommands(ctx context.Context) []completionCommand {
	var out []completionCommand
	for _, c := range commands() {
		cc := completionCommand{name: c.name, summary: c.summary}
		probe := &app{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}
		var fs *flag.FlagSet
		probe.probe = func(f *flag.FlagSet) { fs = f }
		// A command with subcommands shows the flags of its first.
		args := map[string][]string{"feeds": {"sync"}, "watch": {"add"}}[c.name]
		_ = c.run(ctx, probe, args)
		if fs != nil {
			fs.VisitAll(func(f *flag.Flag) {
				b, ok := f.Value.(interface{ IsBoolFlag() bool })
				cc.flags = append(cc.flags, completionFlag{name: f.Name, usage: f.Usage, takesValue: !ok || !b.IsBoolFlag()})
			})
			cc.flags = append(cc.flags, completionFlag{name: "help", usage: "show the command's usage and examples"})
		}
		out = append(out, cc)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

func runCompletion(ctx context.Context, a *app, args []string) error {
	fs := a.flags("completion", "bash|zsh|fish")
	if err := a.parse(fs, args); err != nil {
		return done(err)
	}
	if fs.NArg() != 1 {
		return usagef("completion needs one shell: bash, zsh or fish")
	}
	cmds := completionCommands(ctx)
	switch fs.Arg(0) {
	case "bash":
		writeBashCompletion(a.stdout, cmds)
	case "zsh":
		writeZshCompletion(a.stdout, cmds)
	case "fish":
		writeFishCompletion(a.stdout, cmds)
	default:
		return usagef("completion: unknown shell %q (bash, zsh or fish)", fs.Arg(0))
	}
	return nil
}

func writeBashCompletion(w io.Writer, cmds []completionCommand) {
	var names []string
	for _, c := range cmds {
		names = append(names, c.name)
	}
	fmt.Fprintf(w, `# bash completion for verbatim: source <(verbatim completion bash)
_verbatim() {
    local cur="${COMP_WORDS[COMP_CWORD]}" cmd="" i
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "${COMP_WORDS[i]}" in
            -*) ;;
            *) cmd="${COMP_WORDS[i]}"; break ;;
        esac
    done
    if [[ -z "$cmd" ]]; then
        COMPREPLY=($(compgen -W "%s help --help --version" -- "$cur"))
        return
    fi
    local flags="" shells=""
    case "$cmd" in
`, strings.Join(names, " "))
	for _, c := range cmds {
		var fl []string
		for _, f := range c.flags {
			fl = append(fl, "--"+f.name)
		}
		fmt.Fprintf(w, "        %s) flags=%q ;;\n", c.name, strings.Join(fl, " "))
	}
	fmt.Fprint(w, `        help) COMPREPLY=($(compgen -W "`+strings.Join(names, " ")+`" -- "$cur")); return ;;
    esac
    if [[ "$cmd" == completion && "$cur" != -* ]]; then
        COMPREPLY=($(compgen -W "bash zsh fish" -- "$cur"))
    elif [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$flags" -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}
complete -o default -F _verbatim verbatim
`)
}

// zshQuote makes s safe inside a single-quoted zsh _arguments spec.
func zshQuote(s string) string {
	return strings.NewReplacer("'", "’", "[", "(", "]", ")", ":", " -", "\\", "/").Replace(s)
}

func writeZshCompletion(w io.Writer, cmds []completionCommand) {
	fmt.Fprint(w, "#compdef verbatim\n# zsh completion for verbatim: verbatim completion zsh > \"${fpath[1]}/_verbatim\"\n_verbatim() {\n    local -a commands\n    commands=(\n")
	for _, c := range cmds {
		fmt.Fprintf(w, "        '%s:%s'\n", c.name, zshQuote(c.summary))
	}
	fmt.Fprint(w, "    )\n    if (( CURRENT == 2 )); then\n        _describe 'command' commands\n        return\n    fi\n    local cmd=$words[2]\n    shift words\n    (( CURRENT-- ))\n    case $cmd in\n")
	for _, c := range cmds {
		fmt.Fprintf(w, "        %s)\n            _arguments", c.name)
		for _, f := range c.flags {
			if f.takesValue {
				fmt.Fprintf(w, " \\\n                '--%s[%s]:value:_files'", f.name, zshQuote(f.usage))
			} else {
				fmt.Fprintf(w, " \\\n                '--%s[%s]'", f.name, zshQuote(f.usage))
			}
		}
		if c.name == "completion" {
			fmt.Fprint(w, " \\\n                '1:shell:(bash zsh fish)'")
		} else {
			fmt.Fprint(w, " \\\n                '*:argument:_files'")
		}
		fmt.Fprint(w, " ;;\n")
	}
	fmt.Fprint(w, "    esac\n}\ncompdef _verbatim verbatim\n")
}

// fishQuote makes s safe inside a single-quoted fish string.
func fishQuote(s string) string {
	return strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s)
}

func writeFishCompletion(w io.Writer, cmds []completionCommand) {
	fmt.Fprint(w, "# fish completion for verbatim: verbatim completion fish > ~/.config/fish/completions/verbatim.fish\ncomplete -c verbatim -f\n")
	for _, c := range cmds {
		fmt.Fprintf(w, "complete -c verbatim -n __fish_use_subcommand -a %s -d '%s'\n", c.name, fishQuote(c.summary))
	}
	for _, c := range cmds {
		for _, f := range c.flags {
			extra := ""
			if f.takesValue {
				extra = " -r -F"
			}
			fmt.Fprintf(w, "complete -c verbatim -n '__fish_seen_subcommand_from %s' -l %s%s -d '%s'\n", c.name, f.name, extra, fishQuote(f.usage))
		}
	}
	fmt.Fprint(w, "complete -c verbatim -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'\n")
}
