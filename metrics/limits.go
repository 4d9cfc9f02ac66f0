package metrics

import (
	"net"
	"net/http"
	"time"

	"golang.org/x/net/netutil"
)

// Limits bounds an HTTP server against clients that are slow, silent,
// idle or too many: a connection that sends no request header within
// ReadHeaderTimeout, no whole request within ReadTimeout, or nothing for
// IdleTimeout between requests is closed; a response not written within
// WriteTimeout is cut; at most MaxConns connections are served at once,
// the others wait in the listen queue.
type Limits struct {
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration
	MaxConns          int
}

// DefaultLimits are the limits of the metrics and webhook servers: every
// silent or idle connection is closed within half a minute, and the
// connections are bounded well above Telegram's 100 webhook connections.
func DefaultLimits() Limits {
	return Limits{
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       20 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       20 * time.Second,
		MaxConns:          128,
	}
}

// Server returns a server of h with the limits' timeouts.
func (l Limits) Server(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: l.ReadHeaderTimeout,
		ReadTimeout:       l.ReadTimeout,
		WriteTimeout:      l.WriteTimeout,
		IdleTimeout:       l.IdleTimeout,
	}
}

// Listener bounds ln to MaxConns connections at once (<= 0: unbounded).
func (l Limits) Listener(ln net.Listener) net.Listener {
	if l.MaxConns <= 0 {
		return ln
	}
	return netutil.LimitListener(ln, l.MaxConns)
}
