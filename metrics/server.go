package metrics

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// Server serves /metrics, /healthz and /readyz on one address.
type Server struct {
	ln  net.Listener
	srv *http.Server
}

// Listen opens addr (e.g. "127.0.0.1:9090"; port 0 picks a free one) and
// prepares the routes, within DefaultLimits; Serve starts answering.
func Listen(addr string, reg *Registry, health *Health) (*Server, error) {
	return ListenLimits(addr, reg, health, DefaultLimits())
}

// ListenLimits is Listen within the given limits.
func ListenLimits(addr string, reg *Registry, health *Health, limits Limits) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics: listen %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", reg.Handler())
	for path, h := range health.Routes() {
		mux.Handle(path, h)
	}
	return &Server{ln: limits.Listener(ln), srv: limits.Server(mux)}, nil
}

// Addr is the address the server listens on.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// Serve answers requests until ctx is done, then shuts down.
func (s *Server) Serve(ctx context.Context, logger *slog.Logger) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	go func() {
		<-ctx.Done()
		shutCtx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = s.srv.Shutdown(shutCtx)
	}()
	if err := s.srv.Serve(s.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		logger.Error("metrics server", "err", err)
	}
}
