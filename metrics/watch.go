package metrics

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"
)

// Alerts records the watches' metrics: verbatim_watch_alerts_total, the
// alerts sent, and verbatim_watches, the watches matched. A nil *Alerts
// records nothing.
type Alerts struct {
	alerts  prometheus.Counter
	watches prometheus.Gauge
}

// Alerts returns the watches' metrics, registered on first use.
func (r *Registry) Alerts() *Alerts {
	if r == nil {
		return nil
	}
	a := &Alerts{
		alerts:  prometheus.NewCounter(prometheus.CounterOpts{Namespace: namespace, Name: "watch_alerts_total", Help: "Alerts sent for watched questions answered by new articles."}),
		watches: prometheus.NewGauge(prometheus.GaugeOpts{Namespace: namespace, Name: "watches", Help: "Watched questions, as of the last match."}),
	}
	a.alerts = registered(r, a.alerts)
	a.watches = registered(r, a.watches)
	return a
}

// registered registers c, or returns the collector already registered
// under its name.
func registered[C prometheus.Collector](r *Registry, c C) C {
	err := r.Register(c)
	var dup prometheus.AlreadyRegisteredError
	if errors.As(err, &dup) {
		if prev, ok := dup.ExistingCollector.(C); ok {
			return prev
		}
	}
	return c
}

// Alert counts an alert sent.
func (a *Alerts) Alert() {
	if a != nil {
		a.alerts.Inc()
	}
}

// Watches sets the number of watches.
func (a *Alerts) Watches(n int) {
	if a != nil {
		a.watches.Set(float64(n))
	}
}
