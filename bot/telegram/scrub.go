package telegram

import (
	"context"
	"log/slog"
	"net/url"
	"strings"
)

// scrubber removes the bot token from text. The token is part of every Bot
// API URL, so any transport error may carry it.
type scrubber struct {
	forms []string
}

// newScrubber returns a scrubber for token in its raw and URL-escaped forms.
func newScrubber(token string) scrubber {
	var s scrubber
	for _, f := range []string{token, url.PathEscape(token), url.QueryEscape(token)} {
		if f != "" && !contains(s.forms, f) {
			s.forms = append(s.forms, f)
		}
	}
	return s
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// String returns s with every form of the token replaced by "***".
func (s scrubber) String(text string) string {
	for _, f := range s.forms {
		text = strings.ReplaceAll(text, f, "***")
	}
	return text
}

// Error returns err with the token scrubbed from its message. errors.Is and
// errors.As still see the original chain.
func (s scrubber) Error(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	clean := s.String(msg)
	if clean == msg {
		return err
	}
	return &scrubbedError{msg: clean, err: err}
}

type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }

// scrubHandler is a slog.Handler that scrubs the token from every message
// and attribute before passing records on, so no log line can carry it
// whatever a library error contains.
type scrubHandler struct {
	next  slog.Handler
	scrub scrubber
}

func (h *scrubHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.next.Enabled(ctx, l)
}

func (h *scrubHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, h.scrub.String(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(h.attr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h *scrubHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	clean := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		clean[i] = h.attr(a)
	}
	return &scrubHandler{next: h.next.WithAttrs(clean), scrub: h.scrub}
}

func (h *scrubHandler) WithGroup(name string) slog.Handler {
	return &scrubHandler{next: h.next.WithGroup(name), scrub: h.scrub}
}

// attr scrubs one attribute, resolving LogValuers and recursing into
// groups; values of other kinds are turned into scrubbed strings when their
// text would carry the token.
func (h *scrubHandler) attr(a slog.Attr) slog.Attr {
	a.Key = h.scrub.String(a.Key)
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, h.scrub.String(v.String()))
	case slog.KindGroup:
		group := v.Group()
		clean := make([]any, len(group))
		for i, g := range group {
			clean[i] = h.attr(g)
		}
		return slog.Group(a.Key, clean...)
	case slog.KindAny:
		// Errors and arbitrary values are logged as their text: scrub it.
		text := v.String()
		_, isErr := v.Any().(error)
		if clean := h.scrub.String(text); clean != text || isErr {
			return slog.String(a.Key, clean)
		}
		return slog.Attr{Key: a.Key, Value: v}
	}
	return slog.Attr{Key: a.Key, Value: v}
}
