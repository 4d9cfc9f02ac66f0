package main

import (
	"context"
	"io"
	"log/slog"
)

// newLogger is the program's one logger: text lines, or one JSON object
// per line when LOG_FORMAT=json (for log collectors).
func newLogger(w io.Writer, level slog.Level, json bool) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if json {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// loaderSkipLine is the message of the corpus loader's per-file skip log
// line. Commands report the skipped files themselves, once, as a list.
const loaderSkipLine = "corpus: skipped"

// withoutSkipLines drops the loader's per-file skip lines from a handler.
type withoutSkipLines struct{ slog.Handler }

func (h withoutSkipLines) Handle(ctx context.Context, r slog.Record) error {
	if r.Message == loaderSkipLine {
		return nil
	}
	return h.Handler.Handle(ctx, r)
}

func (h withoutSkipLines) WithAttrs(attrs []slog.Attr) slog.Handler {
	return withoutSkipLines{h.Handler.WithAttrs(attrs)}
}

func (h withoutSkipLines) WithGroup(name string) slog.Handler {
	return withoutSkipLines{h.Handler.WithGroup(name)}
}
