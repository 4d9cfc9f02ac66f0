package metrics

// TelegramCall records one Bot API call; rateLimited is true when Telegram
// answered 429.
func (r *Registry) TelegramCall(method string, err error, rateLimited bool) {
	if r == nil {
		return
	}
	r.telegramCalls.WithLabelValues(method).Inc()
	if err != nil {
		r.telegramErrors.WithLabelValues(method).Inc()
	}
	if rateLimited {
		r.telegramLimited.Inc()
	}
}

// Queued moves the number of questions waiting for an answer slot by delta
// (+1 when one starts waiting, -1 when it stops).
func (r *Registry) Queued(delta int) {
	if r == nil {
		return
	}
	r.queueLength.Add(float64(delta))
}
