package main

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/sashabaranov/go-openai"
)

// usageError is a mistake in how the command was called: a bad flag, a
// malformed variable, a missing argument. It exits with status 2 and is
// printed as one line plus a hint saying where to read the usage.
type usageError struct {
	msg string
	// hint is the second line; "" means the program's --help.
	hint string
}

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// withHint returns err with the hint to read command's help when it is a
// usage error that has none yet; other errors are returned as they are.
func withHint(err error, command string) error {
	var u *usageError
	if !errors.As(err, &u) || u.hint != "" {
		return err
	}
	return &usageError{msg: u.msg, hint: fmt.Sprintf("Run 'verbatim %s --help' for usage.", command)}
}

// oneLine folds a message onto a single line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// serviceError names the fix for a failure to use the OpenAI-compatible
// service (unreachable, key refused), which otherwise reaches the user as
// a raw "dial tcp" or "status code: 401" message; base is OPENAI_BASE_URL.
// Other errors are returned as they are.
func serviceError(err error, base string) error {
	if err == nil {
		return nil
	}
	where := "the OpenAI API"
	if base != "" {
		where = redactURL(base)
	} else {
		base = openai.DefaultConfig("").BaseURL
	}
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	status := 0
	switch {
	case errors.As(err, &apiErr):
		status = apiErr.HTTPStatusCode
	case errors.As(err, &reqErr):
		status = reqErr.HTTPStatusCode
	}
	switch status {
	case 401, 403:
		return fmt.Errorf("%s refused the API key (HTTP %d): check OPENAI_API_KEY, or set EMBEDDER=local to work offline without a key", where, status)
	case 404:
		return fmt.Errorf("%s has no such endpoint or model (HTTP 404): check OPENAI_BASE_URL (it usually ends in /v1), EMBEDDING_MODEL and CHAT_MODEL", where)
	}
	// Only a request to the service is explained: the database or
	// Telegram fail in their own words.
	var urlErr *url.Error
	if !errors.As(err, &urlErr) || !strings.HasPrefix(urlErr.URL, strings.TrimSuffix(base, "/")) {
		return err
	}
	var dnsErr *net.DNSError
	var opErr *net.OpError
	switch {
	case errors.As(err, &dnsErr):
		return fmt.Errorf("cannot reach %s: host %s not found; check OPENAI_BASE_URL and the network, or set EMBEDDER=local to work offline", where, dnsErr.Name)
	case errors.As(err, &opErr):
		cause := "connection failed"
		if opErr.Err != nil {
			cause = opErr.Err.Error()
		}
		return fmt.Errorf("cannot reach %s (%s): check OPENAI_BASE_URL and the network, or set EMBEDDER=local to work offline", where, cause)
	}
	return err
}

// redactURL drops any user information from an address shown to the user.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return "OPENAI_BASE_URL"
	}
	u.User = nil
	return u.String()
}
