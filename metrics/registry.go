// Package metrics exposes verbatim's Prometheus metrics and its health
// endpoints. A Registry is created once in the command and passed to the
// parts that record (the answer core, the model client, the Telegram
// adapter), each through a small interface of its own; nothing is
// registered globally.
package metrics

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// namespace prefixes every metric name.
const namespace = "verbatim"

// Registry holds every metric of the program on its own prometheus
// registry, with the Go runtime and process collectors. It is safe for
// concurrent use; a nil *Registry records nothing.
type Registry struct {
	reg *prometheus.Registry

	questions       *prometheus.CounterVec
	answerSeconds   *prometheus.HistogramVec
	retrievalSecs   prometheus.Histogram
	modelCalls      prometheus.Counter
	modelErrors     prometheus.Counter
	modelTokens     *prometheus.CounterVec
	quotesVerified  prometheus.Counter
	quotesRemoved   prometheus.Counter
	telegramCalls   *prometheus.CounterVec
	telegramErrors  *prometheus.CounterVec
	telegramLimited prometheus.Counter
	queueLength     prometheus.Gauge
	reindexRuns     *prometheus.CounterVec
	feedRuns        *prometheus.CounterVec
}

// New returns a Registry with every metric registered.
func New() *Registry {
	r := &Registry{reg: prometheus.NewRegistry()}
	r.questions = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: namespace, Name: "questions_total",
		Help: "Questions answered, by mode (model, offline, fallback) and outcome (found, not_found, refused, error).",
	}, []string{"mode", "outcome"})
	r.answerSeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: namespace, Name: "answer_duration_seconds",
		Help:    "Time to answer a question, retrieval and model included, by mode.",
		Buckets: []float64{0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 40, 90},
	}, []string{"mode"})
	r.retrievalSecs = prometheus.NewHistogram(prometheus.HistogramOpts{
		Namespace: namespace, Name: "retrieval_duration_seconds",
		Help:    "Time to retrieve the passages of one search.",
		Buckets: []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5},
	})
	r.modelCalls = prometheus.NewCounter(prometheus.CounterOpts{
		Namespace: namespace, Name: "model_calls_total", Help: "Calls to the chat model API.",
	})
	r.modelErrors = prometheus.NewCounter(prometheus.CounterOpts{
		Namespace: namespace, Name: "model_errors_total", Help: "Chat model API calls that failed (after retries).",
	})
	r.modelTokens = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: namespace, Name: "model_tokens_total", Help: "Tokens reported by the chat model API, by kind (prompt, completion).",
	}, []string{"kind"})
	r.quotesVerified = prometheus.NewCounter(prometheus.CounterOpts{
		Namespace: namespace, Name: "quotes_verified_total", Help: "Citations shown with a quote found in their source.",
	})
	r.quotesRemoved = prometheus.NewCounter(prometheus.CounterOpts{
		Namespace: namespace, Name: "quotes_removed_total",
		Help: "Model statements (sentences) removed from answers: a quote, figure, date or [n] in them was not found in the passages they cite.",
	})
	r.telegramCalls = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: namespace, Name: "telegram_api_calls_total", Help: "Telegram Bot API calls, by method (each retry counts; getUpdates long polls only when they fail).",
	}, []string{"method"})
	r.telegramErrors = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: namespace, Name: "telegram_api_errors_total", Help: "Telegram Bot API calls that failed, 429s and failed getUpdates long polls included, by method.",
	}, []string{"method"})
	r.telegramLimited = prometheus.NewCounter(prometheus.CounterOpts{
		Namespace: namespace, Name: "telegram_api_rate_limited_total", Help: "Telegram Bot API calls answered 429 Too Many Requests.",
	})
	r.queueLength = prometheus.NewGauge(prometheus.GaugeOpts{
		Namespace: namespace, Name: "queue_length", Help: "Questions waiting for an answer slot.",
	})
	r.reindexRuns = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: namespace, Name: "reindex_runs_total",
		Help: "Index builds published to the answers (result ok) or failed (error), by trigger: reindex (/reindex), feeds (a feed pass that added articles), add (/add, a link or file), start (the index opened at start).",
	}, []string{"trigger", "result"})
	r.feedRuns = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: namespace, Name: "feed_runs_total", Help: "Feed fetch runs, by result (ok, error).",
	}, []string{"result"})
	r.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		r.questions, r.answerSeconds, r.retrievalSecs, r.modelCalls, r.modelErrors, r.modelTokens,
		r.quotesVerified, r.quotesRemoved, r.telegramCalls, r.telegramErrors, r.telegramLimited,
		r.queueLength, r.reindexRuns, r.feedRuns,
	)
	// Counters with labels appear at zero from the start, so that rates
	// and alerts work before the first event.
	for _, m := range []string{ModeModel, ModeOffline, ModeFallback} {
		for _, o := range []string{OutcomeFound, OutcomeNotFound, OutcomeError} {
			r.questions.WithLabelValues(m, o)
		}
		r.answerSeconds.WithLabelValues(m)
	}
	r.questions.WithLabelValues("", OutcomeRefused)
	for _, k := range []string{"prompt", "completion"} {
		r.modelTokens.WithLabelValues(k)
	}
	for _, res := range []string{"ok", "error"} {
		for _, tr := range []string{TriggerReindex, TriggerFeeds, TriggerAdd, TriggerStart} {
			r.reindexRuns.WithLabelValues(tr, res)
		}
		r.feedRuns.WithLabelValues(res)
	}
	return r
}

// Handler serves the metrics in the Prometheus text format.
func (r *Registry) Handler() http.Handler {
	return promhttp.HandlerFor(r.reg, promhttp.HandlerOpts{Registry: r.reg})
}

// Register adds a collector of another part of the program (the index
// gauges, for instance).
func (r *Registry) Register(c prometheus.Collector) error { return r.reg.Register(c) }

// result labels a run by its error.
func result(err error) string {
	if err != nil {
		return "error"
	}
	return "ok"
}
