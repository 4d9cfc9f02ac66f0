// Package bot is the conversation layer over the answer engine: the
// conversations store (conversations.go) and, in its subpackages, the
// adapters (telegram, terminal) and the library holder. It re-exports the
// engine's API that the adapters use, so that they name one package.
package bot

import (
	"context"

	"verbatim/corpus"
	"verbatim/engine"
	"verbatim/retrieval"
)

// The engine's types, as the adapters name them.
type (
	Answer        = engine.Answer
	AnswerMetrics = engine.AnswerMetrics
	ChatConfig    = engine.ChatConfig
	ChatModel     = engine.ChatModel
	Citation      = engine.Citation
	Config        = engine.Config
	Core          = engine.Core
	Library       = engine.Library
	Mode          = engine.Mode
	ModelObserver = engine.ModelObserver
	Observer      = engine.Observer
	Question      = engine.Question
	Turn          = engine.Turn
	Verdict       = engine.Verdict
)

// The answer modes and verdicts.
const (
	ModeModel       = engine.ModeModel
	ModeOffline     = engine.ModeOffline
	VerdictAnswered = engine.VerdictAnswered
	VerdictRelated  = engine.VerdictRelated
	VerdictNotFound = engine.VerdictNotFound
)

// ErrNoLibrary is engine.ErrNoLibrary.
var ErrNoLibrary = engine.ErrNoLibrary

// NewCore is engine.NewCore.
func NewCore(lib Library, cfg Config) *Core { return engine.NewCore(lib, cfg) }

// NewChatModel is engine.NewChatModel.
func NewChatModel(cfg ChatConfig) *ChatModel { return engine.NewChatModel(cfg) }

// UserMessage is engine.UserMessage.
func UserMessage(err error, lang string) string { return engine.UserMessage(err, lang) }

// ExampleQuestions is engine.ExampleQuestions.
func ExampleQuestions(articles []corpus.Article, lang string, n int) []string {
	return engine.ExampleQuestions(articles, lang, n)
}

// EvaluateAnswers is engine.EvaluateAnswers.
func EvaluateAnswers(ctx context.Context, core *Core, queries []retrieval.EvalQuery) (AnswerMetrics, error) {
	return engine.EvaluateAnswers(ctx, core, queries)
}

// RelatedLine is engine.RelatedLine.
func RelatedLine(lang string) string { return engine.RelatedLine(lang) }

// Position is engine.Position.
func Position(lang, text string, start, end int) string {
	return engine.Position(lang, text, start, end)
}

// PluralForm is engine.PluralForm: the plural form of n in lang, 0 one,
// 1 few (Russian 2–4), 2 many.
func PluralForm(lang string, n int) int { return engine.PluralForm(lang, n) }

// NotFoundText is engine.NotFoundText.
func NotFoundText(lang, period string) string { return engine.NotFoundText(lang, period) }

// PeriodText is engine.PeriodText.
func PeriodText(lang, from, to string) string { return engine.PeriodText(lang, from, to) }

// QuotesInNotice is engine.QuotesInNotice.
func QuotesInNotice(lang, articlesLang string) string {
	return engine.QuotesInNotice(lang, articlesLang)
}

// Translation is engine.Translation: the label of a model's translation
// of a quote in lang.
func Translation(lang string) string { return engine.Translation(lang) }
