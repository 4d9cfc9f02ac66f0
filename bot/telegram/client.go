package telegram

import (
	"context"
	"errors"
	"net"
	"net/http"

	tgbot "github.com/go-telegram/bot"
)

// scrubbingClient is the HTTP client handed to go-telegram/bot. A failed
// request comes back as a transportError whose text has the token already
// scrubbed and which is not a *url.Error.
//
// go-telegram/bot v1.19.0 (the newest release) rewrites the URL field of a
// *url.Error returned by the client to hide the token, while its request
// body goroutine may be formatting the same error: a data race that
// `go test -race` reports. With no *url.Error in the chain, the library has
// nothing to rewrite.
type scrubbingClient struct {
	next  tgbot.HttpClient
	scrub scrubber
}

// Do sends r and scrubs the token from any transport error.
func (c scrubbingClient) Do(r *http.Request) (*http.Response, error) {
	resp, err := c.next.Do(r)
	if err != nil {
		return resp, &transportError{msg: c.scrub.String(err.Error()), cause: err}
	}
	return resp, nil
}

// transportError is a Bot API transport failure with the token removed
// from its text. It does not unwrap (the chain holds a *url.Error carrying
// the token) but answers errors.Is for the context errors and net.Error's
// Timeout, which callers test.
type transportError struct {
	msg   string
	cause error
}

func (e *transportError) Error() string { return e.msg }

// Is matches context cancellation and deadline errors of the cause.
func (e *transportError) Is(target error) bool {
	switch target {
	case context.Canceled, context.DeadlineExceeded:
		return errors.Is(e.cause, target)
	}
	return false
}

// Timeout reports whether the cause was a timeout.
func (e *transportError) Timeout() bool {
	var ne net.Error
	return errors.As(e.cause, &ne) && ne.Timeout()
}
