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
// Telegram answers 429 with retry_after (a bounded number of times), logs a
// 403 (the user blocked the bot) without retrying, falls back to plain text
// when Telegram cannot parse a message's HTML, and scrubs the token from
// every error it returns.
type sender struct {
	api     *tgbot.Bot
	log     *slog.Logger
	scrub   scrubber
	retries int
	maxWait time.Duration
}

// call runs f, retrying it after Telegram's retry_after on 429.
func (s *sender) call(ctx context.Context, method string, chatID int64, f func(ctx context.Context) error) error {
	for attempt := 0; ; attempt++ {
		err := f(ctx)
		if err == nil {
			return nil
		}
		var tooMany *tgbot.TooManyRequestsError
		if errors.As(err, &tooMany) && attempt < s.retries {
			wait := time.Duration(max(tooMany.RetryAfter, 1)) * time.Second
			if wait > s.maxWait {
				return fmt.Errorf("%s: %w", method, s.scrub.Error(err))
			}
			s.log.Info("telegram rate limit, waiting", "method", method, "chat", chatID, "retry_after", wait.Seconds(), "attempt", attempt+1)
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return ctx.Err()
			case <-t.C:
			}
			continue
		}
		err = fmt.Errorf("%s: %w", method, s.scrub.Error(err))
		if errors.Is(err, tgbot.ErrorForbidden) {
			s.log.Warn("telegram refused to deliver", "method", method, "chat", chatID, "err", err)
		}
		return err
	}
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
// first piece is edited in, the others are sent after it.
func (s *sender) replace(ctx context.Context, chatID int64, messageID int, m message, opts sendOptions) error {
	pieces := m.pieces()
	if len(pieces) == 0 {
		return nil
	}
	var markup models.ReplyMarkup
	if len(pieces) == 1 {
		markup = opts.markup
	}
	if err := s.edit(ctx, chatID, messageID, pieces[0], m.isHTML, markup); err != nil {
		return err
	}
	for i, piece := range pieces[1:] {
		markup = nil
		if i == len(pieces)-2 {
			markup = opts.markup
		}
		if _, err := s.sendPiece(ctx, chatID, piece, m.isHTML, 0, markup); err != nil {
			return err
		}
	}
	return nil
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
func (s *sender) draft(ctx context.Context, chatID int64, draftID int64, text string) error {
	return s.call(ctx, "sendMessageDraft", chatID, func(ctx context.Context) error {
		_, err := s.api.SendMessageDraft(ctx, &tgbot.SendMessageDraftParams{
			ChatID:  chatID,
			DraftID: strconv.FormatInt(draftID, 10),
			Text:    text,
		})
		return err
	})
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
