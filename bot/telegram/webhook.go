package telegram

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"

	tgbot "github.com/go-telegram/bot"

	"verbatim/metrics"
)

// secretHeader carries the webhook secret on every update Telegram posts.
const secretHeader = "X-Telegram-Bot-Api-Secret-Token"

// webhookHandler wraps the library's webhook handler: a request without
// the right secret gets 401 and is not processed (the library alone would
// answer 200 and drop it silently), anything but POST gets 405, and during
// shutdown 503 makes Telegram deliver the update again later.
func (b *Bot) webhookHandler(next http.Handler) http.Handler {
	secret := []byte(b.cfg.WebhookSecret)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		if subtle.ConstantTimeCompare([]byte(r.Header.Get(secretHeader)), secret) != 1 {
			b.log.Warn("webhook request with a wrong secret token", "remote", r.RemoteAddr)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		if b.stopping.Load() {
			http.Error(w, "shutting down", http.StatusServiceUnavailable)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// startWebhook registers the webhook with Telegram and serves it on
// ListenAddr at the webhook URL's path. intake is closed once the library
// stops processing updates.
func (b *Bot) startWebhook(ctx context.Context, intake chan struct{}) (*http.Server, error) {
	u, err := url.Parse(b.cfg.WebhookURL)
	if err != nil {
		return nil, fmt.Errorf("telegram: webhook url: %w", err)
	}
	path := u.Path
	if path == "" {
		path = "/"
	}
	ln, err := net.Listen("tcp", b.cfg.ListenAddr)
	if err != nil {
		return nil, fmt.Errorf("telegram: listen %s: %w", b.cfg.ListenAddr, err)
	}
	mux := http.NewServeMux()
	mux.Handle(path, closeOnRefusal(b.webhookHandler(b.readUpdateBody(b.api.WebhookHandler()))))
	for p, h := range b.cfg.HealthRoutes {
		mux.Handle(p, h)
	}
	limits := metrics.DefaultLimits()
	server := limits.Server(mux)
	go func() {
		if err := server.Serve(limits.Listener(ln)); err != nil && !errors.Is(err, http.ErrServerClosed) {
			b.log.Error("webhook server", "err", err)
		}
	}()
	b.webhookAddr <- ln.Addr()

	err = b.startCall(ctx, "setWebhook", func(ctx context.Context) error {
		_, err := b.api.SetWebhook(ctx, &tgbot.SetWebhookParams{
			URL:            b.cfg.WebhookURL,
			SecretToken:    b.cfg.WebhookSecret,
			AllowedUpdates: []string{"message", "callback_query"},
		})
		return err
	})
	if err != nil {
		server.Close()
		return nil, fmt.Errorf("telegram: set webhook: %w", err)
	}
	go func() {
		defer close(intake)
		b.api.StartWebhook(ctx)
	}()
	b.log.Info("telegram webhook started", "listen", ln.Addr().String(), "path", path)
	return server, nil
}
