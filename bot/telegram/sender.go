package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// sender wraps the Bot API calls the bot makes: it waits and retries when
// Telegram answers 429 with retry_after (for up to budget in all; a longer
// wait is returned to the caller, and answers then go to the outbox, which
// waits however long Telegram asks), logs a
// 403 (the user blocked the bot) without retrying, falls back to plain text
// when Telegram cannot parse a message's HTML, and scrubs the token from
// every error it returns.
type sender struct {
	api   *tgbot.Bot
	log   *slog.Logger
	scrub scrubber
	// budget bounds the total time one call waits on 429s before it
	// returns the 429 to its caller.
	budget time.Duration
	// sleep waits d or until ctx ends (tests make it instant).
	sleep func(ctx context.Context, d time.Duration) error
	obs   Observer
}

// defaultRetryBudget is how long a call keeps retrying a run of 429s.
const defaultRetryBudget = 2 * time.Minute

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// call runs f, retrying it after Telegram's retry_after on 429 as long as
// the waits add up to no more than the sender's budget.
func (s *sender) call(ctx context.Context, method string, chatID int64, f func(ctx context.Context) error) error {
	return s.callWithin(ctx, method, chatID, s.budget, f)
}

// try runs f once: a 429 is returned at once (streaming skips a frame
// rather than wait).
func (s *sender) try(ctx context.Context, method string, chatID int64, f func(ctx context.Context) error) error {
	return s.callWithin(ctx, method, chatID, 0, f)
}

func (s *sender) callWithin(ctx context.Context, method string, chatID int64, budget time.Duration, f func(ctx context.Context) error) error {
	var waited time.Duration
	for attempt := 1; ; attempt++ {
		err := f(ctx)
		var tooMany *tgbot.TooManyRequestsError
		limited := errors.As(err, &tooMany)
		if s.obs != nil {
			s.obs.TelegramCall(method, err, limited)
		}
		if err == nil {
			return nil
		}
		if limited {
			wait := time.Duration(max(tooMany.RetryAfter, 1)) * time.Second
			if waited+wait > budget {
				err = fmt.Errorf("%s: %w", method, s.scrub.Error(err))
				if budget > 0 {
					s.log.Info("telegram rate limit: longer than the call waits", "method", method, "chat", chatID,
						"attempts", attempt, "waited", waited.Seconds(), "retry_after", wait.Seconds(), "err", err)
				}
				return err
			}
			s.log.Info("telegram rate limit, waiting", "method", method, "chat", chatID, "retry_after", wait.Seconds(), "attempt", attempt)
			if err := s.sleep(ctx, wait); err != nil {
				return err
			}
			waited += wait
			continue
		}
		err = fmt.Errorf("%s: %w", method, s.scrub.Error(err))
		if errors.Is(err, tgbot.ErrorForbidden) {
			s.log.Warn("telegram refused to deliver", "method", method, "chat", chatID, "err", err)
		}
		return err
	}
}

// retryAfter returns the wait a 429 asks for, 0 for other errors.
func retryAfter(err error) time.Duration {
	var tooMany *tgbot.TooManyRequestsError
	if errors.As(err, &tooMany) {
		return time.Duration(max(tooMany.RetryAfter, 1)) * time.Second
	}
	return 0
}

// isParseError reports whether Telegram rejected a message's formatting.
func isParseError(err error) bool {
	return errors.Is(err, tgbot.ErrorBadRequest) && strings.Contains(strings.ToLower(err.Error()), "can't parse entities")
}

// isNotModified reports whether an edit changed nothing.
func isNotModified(err error) bool {
	return errors.Is(err, tgbot.ErrorBadRequest) && strings.Contains(err.Error(), "message is not modified")
}

// sendOptions are the extras of one reply.
type sendOptions struct {
	// replyTo is the message answered (groups), 0 for none.
	replyTo int
	// markup goes under the last piece.
	markup models.ReplyMarkup
}

var noPreview = &models.LinkPreviewOptions{IsDisabled: tgbot.True()}

// send delivers m to a chat, split into Telegram-sized pieces, and returns
// the messages sent.
func (s *sender) send(ctx context.Context, chatID int64, m message, opts sendOptions) ([]*models.Message, error) {
	pieces := m.pieces()
	var sent []*models.Message
	for i, piece := range pieces {
		var markup models.ReplyMarkup
		if i == len(pieces)-1 {
			markup = opts.markup
		}
		replyTo := 0
		if i == 0 {
			replyTo = opts.replyTo
		}
		msg, err := s.sendPiece(ctx, chatID, piece, m.isHTML, replyTo, markup)
		if err != nil {
			return sent, err
		}
		sent = append(sent, msg)
	}
	return sent, nil
}

// sendPiece sends one piece, resending it as plain text when its HTML is
// rejected.
func (s *sender) sendPiece(ctx context.Context, chatID int64, piece string, isHTML bool, replyTo int, markup models.ReplyMarkup) (*models.Message, error) {
	params := &tgbot.SendMessageParams{
		ChatID:             chatID,
		Text:               piece,
		LinkPreviewOptions: noPreview,
		ReplyMarkup:        markup,
	}
	if isHTML {
		params.ParseMode = models.ParseModeHTML
	}
	if replyTo != 0 {
		params.ReplyParameters = &models.ReplyParameters{MessageID: replyTo, AllowSendingWithoutReply: true}
	}
	var msg *models.Message
	send := func(ctx context.Context) error {
		var err error
		msg, err = s.api.SendMessage(ctx, params)
		return err
	}
	err := s.call(ctx, "sendMessage", chatID, send)
	if err != nil && isHTML && isParseError(err) {
		s.log.Warn("telegram rejected the HTML, sending plain text", "chat", chatID, "err", err)
		params.ParseMode = ""
		params.Text = plainText(piece)
		err = s.call(ctx, "sendMessage", chatID, send)
	}
	return msg, err
}

// edit replaces a message's text with one piece, falling back to plain text
// like sendPiece. An edit that changes nothing is not an error.
func (s *sender) edit(ctx context.Context, chatID int64, messageID int, piece string, isHTML bool, markup models.ReplyMarkup) error {
	params := &tgbot.EditMessageTextParams{
		ChatID:             chatID,
		MessageID:          messageID,
		Text:               piece,
		LinkPreviewOptions: noPreview,
		ReplyMarkup:        markup,
	}
	if isHTML {
		params.ParseMode = models.ParseModeHTML
	}
	edit := func(ctx context.Context) error {
		_, err := s.api.EditMessageText(ctx, params)
		return err
	}
	err := s.call(ctx, "editMessageText", chatID, edit)
	if err != nil && isHTML && isParseError(err) {
		s.log.Warn("telegram rejected the HTML, editing as plain text", "chat", chatID, "err", err)
		params.ParseMode = ""
		params.Text = plainText(piece)
		err = s.call(ctx, "editMessageText", chatID, edit)
	}
	if isNotModified(err) {
		return nil
	}
	return err
}

// replace turns an existing message (a streaming placeholder) into m: the
// first piece is edited in, the others are sent after it. edited reports
// whether the placeholder now holds m's first piece.
func (s *sender) replace(ctx context.Context, chatID int64, messageID int, m message, opts sendOptions) (edited bool, err error) {
	pieces := m.pieces()
	if len(pieces) == 0 {
		return false, nil
	}
	var markup models.ReplyMarkup
	if len(pieces) == 1 {
		markup = opts.markup
	}
	if err := s.edit(ctx, chatID, messageID, pieces[0], m.isHTML, markup); err != nil {
		return false, err
	}
	for i, piece := range pieces[1:] {
		markup = nil
		if i == len(pieces)-2 {
			markup = opts.markup
		}
		if _, err := s.sendPiece(ctx, chatID, piece, m.isHTML, 0, markup); err != nil {
			return true, err
		}
	}
	return true, nil
}

// remove deletes a message (a streaming placeholder).
func (s *sender) remove(ctx context.Context, chatID int64, messageID int) error {
	return s.call(ctx, "deleteMessage", chatID, func(ctx context.Context) error {
		_, err := s.api.DeleteMessage(ctx, &tgbot.DeleteMessageParams{ChatID: chatID, MessageID: messageID})
		return err
	})
}

// typing shows "typing…" in a chat.
func (s *sender) typing(ctx context.Context, chatID int64) error {
	return s.call(ctx, "sendChatAction", chatID, func(ctx context.Context) error {
		_, err := s.api.SendChatAction(ctx, &tgbot.SendChatActionParams{ChatID: chatID, Action: models.ChatActionTyping})
		return err
	})
}

// draft streams a partial answer into a private chat (Bot API
// sendMessageDraft); draftID is non-zero and stays the same for one answer.
// A draft is never retried: the next one supersedes it.
func (s *sender) draft(ctx context.Context, chatID int64, draftID int64, text string) error {
	return s.try(ctx, "sendMessageDraft", chatID, func(ctx context.Context) error {
		_, err := s.api.SendMessageDraft(ctx, &tgbot.SendMessageDraftParams{
			ChatID:  chatID,
			DraftID: strconv.FormatInt(draftID, 10),
			Text:    text,
		})
		return err
	})
}

// placeholder sends the plain-text message a group answer streams into,
// once, without waiting on a 429.
func (s *sender) placeholder(ctx context.Context, chatID int64, text string, replyTo int) (int, error) {
	params := &tgbot.SendMessageParams{ChatID: chatID, Text: text, LinkPreviewOptions: noPreview}
	if replyTo != 0 {
		params.ReplyParameters = &models.ReplyParameters{MessageID: replyTo, AllowSendingWithoutReply: true}
	}
	var id int
	err := s.try(ctx, "sendMessage", chatID, func(ctx context.Context) error {
		msg, err := s.api.SendMessage(ctx, params)
		if err == nil && msg != nil {
			id = msg.ID
		}
		return err
	})
	return id, err
}

// streamEdit edits a group placeholder to a newer plain-text state, once,
// without waiting on a 429.
func (s *sender) streamEdit(ctx context.Context, chatID int64, messageID int, text string) error {
	err := s.try(ctx, "editMessageText", chatID, func(ctx context.Context) error {
		_, err := s.api.EditMessageText(ctx, &tgbot.EditMessageTextParams{
			ChatID: chatID, MessageID: messageID, Text: text, LinkPreviewOptions: noPreview,
		})
		return err
	})
	if isNotModified(err) {
		return nil
	}
	return err
}

// answerCallback acknowledges a button press, with an optional toast.
func (s *sender) answerCallback(ctx context.Context, id, text string) error {
	return s.call(ctx, "answerCallbackQuery", 0, func(ctx context.Context) error {
		_, err := s.api.AnswerCallbackQuery(ctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: id, Text: text})
		return err
	})
}

// truncateUnits shortens s to at most limit UTF-16 units, ending with an
// ellipsis when it was cut.
func truncateUnits(s string, limit int) string {
	if utf16Len(s) <= limit {
		return s
	}
	n := 0
	for i, r := range s {
		w := 1
		if r > 0xFFFF {
			w = 2
		}
		if n+w > limit-1 {
			return s[:i] + "…"
		}
		n += w
	}
	return s
}
