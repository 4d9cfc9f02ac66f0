package main

import (
	"context"
	"fmt"
	"strings"

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
	if err := a.startObservability(ctx); err != nil {
		return err
	}
	ix, _, err := a.openIndex(ctx, cf)
	if err != nil {
		return err
	}
	core := a.newCore(ix)
	lang := "en"
	if info := ix.Info(); len(info.Langs) > 0 && info.Langs[0] == "fr" {
		lang = "fr"
	}
	chat := terminal.New(core, a.stdout, terminal.Options{Welcome: welcome(ix.Info(), a.cfg.modelConfigured(), lang), Lang: lang})
	return chat.Run(ctx, a.stdin)
}

// welcome describes the corpus and how to ask, in lang.
func welcome(info retrieval.Info, model bool, lang string) string {
	span := info.Oldest.Display(lang)
	if n := info.Newest.Display(lang); n != "" && n != span {
		span += " – " + n
	}
	mode := "offline (extractive)"
	if model {
		mode = "model"
	}
	if lang == "fr" {
		mode = map[bool]string{true: "modèle", false: "hors ligne (extractif)"}[model]
		s := fmt.Sprintf("verbatim · %d article(s), %d passages", info.Articles, info.Chunks)
		if span != "" {
			s += ", " + span
		}
		return s + fmt.Sprintf(" · langues : %s · mode %s\nPosez une question (ex. « Quand Guérassimov a-t-il annoncé la fin de l'opération de Koursk ? »). /help pour l'aide, /quit pour quitter.", strings.Join(info.Langs, ", "), mode)
	}
	s := fmt.Sprintf("verbatim · %d article(s), %d passages", info.Articles, info.Chunks)
	if span != "" {
		s += ", " + span
	}
	return s + fmt.Sprintf(" · languages: %s · %s mode\nAsk a question. /help for help, /quit to leave.", strings.Join(info.Langs, ", "), mode)
}
