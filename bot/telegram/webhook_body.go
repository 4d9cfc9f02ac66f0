package telegram

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/go-telegram/bot/models"
)

// maxWebhookBody caps a webhook request's body: Telegram's updates are a
// few kilobytes, a message with a long text and entities well under this.
const maxWebhookBody = 1 << 20

// logPrefix is how much of a refused body a log line shows.
const logPrefix = 64

// readUpdateBody reads the body of a webhook request that passed the
// secret check, at most maxWebhookBody bytes (413 beyond, without reading
// the rest), and refuses with 400 one that is not an update, so that the
// library never logs a whole body; next gets the body read.
func (b *Bot) readUpdateBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > maxWebhookBody {
			b.log.Warn("webhook body too large", "bytes", r.ContentLength, "max", maxWebhookBody, "remote", r.RemoteAddr)
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			b.log.Warn("webhook body too large", "bytes", ">"+strconv.Itoa(maxWebhookBody), "max", maxWebhookBody, "remote", r.RemoteAddr)
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		case err != nil:
			b.log.Warn("webhook body unreadable", "err", err, "remote", r.RemoteAddr)
			http.Error(w, "request body unreadable", http.StatusBadRequest)
			return
		}
		var u models.Update
		if err := json.Unmarshal(data, &u); err != nil {
			b.log.Warn("webhook body is not an update", "err", err, "bytes", len(data), "prefix", string(data[:min(len(data), logPrefix)]), "remote", r.RemoteAddr)
			http.Error(w, "not a Telegram update", http.StatusBadRequest)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(data))
		next.ServeHTTP(w, r)
	})
}

// closeOnRefusal closes the connection after an error status, so that a
// refused request's unread body (a wrong secret, a body too large) is not
// drained first: net/http would otherwise read up to 256 KiB of it,
// however slowly it trickles, before answering.
func closeOnRefusal(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(refusalCloser{ResponseWriter: w}, r)
	})
}

type refusalCloser struct{ http.ResponseWriter }

func (w refusalCloser) WriteHeader(code int) {
	if code >= 400 {
		w.Header().Set("Connection", "close")
	}
	w.ResponseWriter.WriteHeader(code)
}
