package engine

import (
	"context"
	"errors"
	"net"
	"net/http"

	"github.com/sashabaranov/go-openai"

	"verbatim/retrieval"
)

// ErrNoLibrary is returned when a question arrives before any index is
// loaded.
var ErrNoLibrary = errors.New("no index loaded")

// errorKind classifies an error for the user.
type errorKind int

const (
	kindGeneric errorKind = iota
	kindInvalidKey
	kindBusy
	kindTimeout
	kindUnreachable
	kindNoIndex
	kindEmbedderMismatch
	kindCanceled
)

// statusCode returns the HTTP status of an API error, or 0.
func statusCode(err error) int {
	var apiErr *openai.APIError
	if errors.As(err, &apiErr) {
		return apiErr.HTTPStatusCode
	}
	var reqErr *openai.RequestError
	if errors.As(err, &reqErr) {
		return reqErr.HTTPStatusCode
	}
	return 0
}

func classify(err error) errorKind {
	switch code := statusCode(err); {
	case code == http.StatusUnauthorized:
		return kindInvalidKey
	case code == http.StatusTooManyRequests:
		return kindBusy
	case code >= 500:
		return kindUnreachable
	}
	var netErr net.Error
	switch {
	case errors.Is(err, ErrNoLibrary) || isNoIndex(err):
		return kindNoIndex
	case isEmbedderMismatch(err):
		return kindEmbedderMismatch
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return kindTimeout
	case errors.Is(err, context.Canceled):
		return kindCanceled
	case errors.As(err, &netErr):
		return kindUnreachable
	}
	return kindGeneric
}

var userMessages = map[errorKind][2]string{ // English, French
	kindInvalidKey: {
		"Sorry, the model API key is invalid: ask the administrator to check it.",
		"Désolé, la clé d'API du modèle n'est pas valide : demandez à l'administrateur de la vérifier."},
	kindBusy: {
		"The model is busy right now (too many requests). Please try again in a minute.",
		"Le modèle est très sollicité en ce moment (trop de requêtes). Merci de réessayer dans une minute."},
	kindTimeout: {
		"The answer took too long and was abandoned. Please try again.",
		"La réponse a pris trop de temps et a été abandonnée. Merci de réessayer."},
	kindUnreachable: {
		"The model could not be reached. Please try again later.",
		"Le modèle est injoignable. Merci de réessayer plus tard."},
	kindNoIndex: {
		"There is no index yet: build one first (verbatim index, or /reindex).",
		"Il n'y a pas encore d'index : construisez-le d'abord (verbatim index, ou /reindex)."},
	kindEmbedderMismatch: {
		"The index was built with another embedding model than the one configured: rebuild it (verbatim index, or /reindex).",
		"L'index a été construit avec un autre modèle d'embeddings que celui configuré : reconstruisez-le (verbatim index, ou /reindex)."},
	kindCanceled: {
		"The question was cancelled.",
		"La question a été annulée."},
	kindGeneric: {
		"Sorry, something went wrong. Please try again.",
		"Désolé, une erreur s'est produite. Merci de réessayer."},
}

// UserMessage turns an error into the one sentence shown to a user, in
// lang (fr, en, de, es, ru; English otherwise). It is the only place
// where errors become user text; the error's own text (which may hold
// URLs or server messages) is never shown.
func UserMessage(err error, lang string) string {
	if err == nil {
		return ""
	}
	kind := classify(err)
	if m, ok := frameFor(lang).errors[kind]; ok {
		return m
	}
	m := userMessages[kind]
	if lang == "fr" {
		return m[1]
	}
	return m[0]
}

// fallbackNotice is the one-line notice of an extractive answer given
// because the model failed with err.
func fallbackNotice(err error, lang string) string {
	f := frameFor(lang)
	switch classify(err) {
	case kindInvalidKey:
		return f.invalidKey
	case kindBusy:
		return f.busy
	}
	return f.unreached
}

func isNoIndex(err error) bool { return errors.Is(err, retrieval.ErrNoIndex) }

func isEmbedderMismatch(err error) bool {
	var m *retrieval.EmbedderMismatchError
	return errors.As(err, &m)
}
