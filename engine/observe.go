package engine

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Observer receives one record per question the core answers, for
// metrics. It must be safe for concurrent use.
type Observer interface {
	Question(mode, outcome string, took time.Duration, verified, removed int)
}

// ModelObserver receives one record per chat model API call, for metrics.
type ModelObserver interface {
	ModelCall(err error, promptTokens, completionTokens int)
}

// Modes and outcomes an Observer receives.
const (
	observedFallback = "fallback" // the model failed, the answer is extractive
	outcomeFound     = "found"
	outcomeNotFound  = "not_found"
	outcomeError     = "error"
)

// observe reports the answer to a question that started at start.
func (c *Core) observe(start time.Time, ans *Answer, err *error) {
	if c.obs == nil {
		return
	}
	mode := string(ModeOffline)
	switch {
	case c.model != nil && *err == nil && ans.Mode == ModeOffline:
		// With a model configured, only a fallback is extractive.
		mode = observedFallback
	case c.model != nil:
		mode = string(ModeModel)
	}
	outcome := outcomeFound
	switch {
	case *err != nil:
		outcome = outcomeError
	case !ans.Found:
		outcome = outcomeNotFound
	}
	verified := 0
	for _, cit := range ans.Citations {
		if cit.Verified {
			verified++
		}
	}
	c.obs.Question(mode, outcome, time.Since(start), verified, ans.UnverifiedRemoved)
}

// Ping checks that the model API answers with the configured key, for
// readiness probes: it lists the models. A server without that route
// (404, 405) still answers and counts as reachable; a refused key does not.
func (m *ChatModel) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	_, err := m.client.ListModels(ctx)
	switch code := statusCode(err); {
	case err == nil, code == http.StatusNotFound, code == http.StatusMethodNotAllowed:
		return nil
	case code == http.StatusUnauthorized:
		return errors.New("the model API key is invalid")
	}
	return fmt.Errorf("model API: %w", err)
}
