package main

import (
	"flag"
	"strings"

	"verbatim/bot/terminal"
)

// langFlag registers --lang, the language of a command's plain-text
// output, on fs.
func langFlag(fs *flag.FlagSet) *string {
	return fs.String("lang", "", "write in this language: "+strings.Join(terminal.Langs(), ", ")+" (default: the text's, else the locale's, else en)")
}

// checkLang is a usage error when --lang names a language the terminal
// does not write.
func checkLang(lang string) error {
	if l := strings.TrimSpace(lang); l != "" && !terminal.HasLang(strings.ToLower(l)) {
		return usagef("--lang: unknown language %q (%s)", lang, strings.Join(terminal.Langs(), ", "))
	}
	return nil
}

// outputLang is the language the plain-text output about text is written
// in: --lang, else text's, else the locale of the environment, else (no
// locale, "C", "POSIX") English (see terminal.ReaderLang).
func (a *app) outputLang(lang, text string) string {
	return terminal.ReaderLang(lang, text, a.locales()...)
}

// locales are the environment's locale variables in their order of
// precedence, as terminal.LocaleLang reads them.
func (a *app) locales() []string {
	getenv := a.env.getenv
	return []string{getenv("LC_ALL"), getenv("LC_MESSAGES"), getenv("LANG")}
}
