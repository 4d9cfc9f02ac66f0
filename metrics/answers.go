package metrics

import "time"

// Answer modes and outcomes, the label values of verbatim_questions_total.
const (
	ModeModel    = "model"
	ModeOffline  = "offline"
	ModeFallback = "fallback" // the model failed, the answer is extractive

	OutcomeFound    = "found"
	OutcomeNotFound = "not_found"
	OutcomeRefused  = "refused" // not allowed or rate limited: never answered
	OutcomeError    = "error"
)

// Question records one question answered: its mode and outcome, how long
// the answer took, and how many quotes were verified and removed.
func (r *Registry) Question(mode, outcome string, took time.Duration, verified, removed int) {
	if r == nil {
		return
	}
	r.questions.WithLabelValues(mode, outcome).Inc()
	if outcome != OutcomeRefused {
		r.answerSeconds.WithLabelValues(mode).Observe(took.Seconds())
	}
	r.quotesVerified.Add(float64(verified))
	r.quotesRemoved.Add(float64(removed))
}

// Refused records a question turned away before any answer.
func (r *Registry) Refused() {
	if r == nil {
		return
	}
	r.questions.WithLabelValues("", OutcomeRefused).Inc()
}

// Retrieval records the time one search took.
func (r *Registry) Retrieval(took time.Duration) {
	if r == nil {
		return
	}
	r.retrievalSecs.Observe(took.Seconds())
}

// ModelCall records one call to the chat model API and the tokens it
// reported (zero when the API reports none).
func (r *Registry) ModelCall(err error, promptTokens, completionTokens int) {
	if r == nil {
		return
	}
	r.modelCalls.Inc()
	if err != nil {
		r.modelErrors.Inc()
	}
	r.modelTokens.WithLabelValues("prompt").Add(float64(promptTokens))
	r.modelTokens.WithLabelValues("completion").Add(float64(completionTokens))
}
