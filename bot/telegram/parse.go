package telegram

import (
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

// command is a slash command read from a message's text.
type command struct {
	// Name is lower-case, without the slash: "ask".
	Name string
	// Target is the bot named after "@", "" when none.
	Target string
	// Args is the rest of the text, trimmed.
	Args string
}

// parseCommand reads a leading "/name" or "/name@bot" word. It returns
// ok=false when the text is not a command. The library's own matching is
// not used: it misses "/start@bot" and slices UTF-16 offsets as bytes.
func parseCommand(text string) (command, bool) {
	if !strings.HasPrefix(text, "/") {
		return command{}, false
	}
	word, rest := text, ""
	if i := strings.IndexFunc(text, unicode.IsSpace); i >= 0 {
		word, rest = text[:i], text[i:]
	}
	name, target, _ := strings.Cut(word[1:], "@")
	if name == "" || len(name) > 32 {
		return command{}, false
	}
	for _, r := range name {
		if !(r == '_' || r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))) {
			return command{}, false
		}
	}
	return command{Name: strings.ToLower(name), Target: target, Args: strings.TrimSpace(rest)}, true
}

// forUs reports whether a command is addressed to the bot named username:
// no target, or the same name in any case.
func (c command) forUs(username string) bool {
	return c.Target == "" || strings.EqualFold(c.Target, username)
}

// utf16ToByte converts a UTF-16 offset in s to a byte offset (len(s) when
// past the end).
func utf16ToByte(s string, units int) int {
	n := 0
	for i, r := range s {
		if n >= units {
			return i
		}
		n += utf16.RuneLen(r)
	}
	return len(s)
}

// addressed reports whether a group message is meant for the bot: it
// mentions the bot (mention or text_mention entity, or "@name" typed in any
// case) or replies to one of the bot's messages. It returns the question
// with the mentions removed.
func addressed(msg *models.Message, me *models.User) (string, bool) {
	text := msg.Text
	handle := "@" + me.Username
	type span struct{ start, end int }
	var cut []span
	ok := msg.ReplyToMessage != nil && msg.ReplyToMessage.From != nil && msg.ReplyToMessage.From.ID == me.ID
	for _, e := range msg.Entities {
		start := utf16ToByte(text, e.Offset)
		end := utf16ToByte(text, e.Offset+e.Length)
		switch e.Type {
		case models.MessageEntityTypeMention:
			if me.Username != "" && strings.EqualFold(text[start:end], handle) {
				ok = true
				cut = append(cut, span{start, end})
			}
		case models.MessageEntityTypeTextMention:
			if e.User != nil && e.User.ID == me.ID {
				ok = true
				cut = append(cut, span{start, end})
			}
		}
	}
	// Remove entity spans from the end so earlier offsets stay valid.
	for i := len(cut) - 1; i >= 0; i-- {
		text = text[:cut[i].start] + " " + text[cut[i].end:]
	}
	if me.Username != "" {
		// Usernames are ASCII: compare byte windows case-insensitively.
		for i := 0; i+len(handle) <= len(text); i++ {
			if !strings.EqualFold(text[i:i+len(handle)], handle) {
				continue
			}
			end := i + len(handle)
			if end < len(text) {
				r, _ := utf8.DecodeRuneInString(text[end:])
				if r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) {
					continue // "@verbatimbot2" is another name
				}
			}
			ok = true
			text = text[:i] + " " + text[end:]
		}
	}
	if !ok {
		return "", false
	}
	q := strings.Join(strings.Fields(text), " ")
	q = strings.TrimLeft(q, ",:;—- ")
	return strings.TrimSpace(q), true
}
