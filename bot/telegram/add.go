package telegram

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"verbatim/corpus"
)

// Adder adds an article to the corpus and indexes it: a link fetched from
// the web, or a document sent to the bot. Only admins reach it.
type Adder interface {
	AddURL(ctx context.Context, rawURL string) (AddResult, error)
	AddFile(ctx context.Context, name string, data []byte) (AddResult, error)
}

// AddResult describes an added article.
type AddResult struct {
	Title string
	Date  string
	// Chunks is the number of indexed passages.
	Chunks int
	// Duplicate is set when the article was in the corpus already.
	Duplicate bool
}

// FeedStatus is the feeds' state shown by /stats and /latest.
type FeedStatus struct {
	Sources  []string
	LastPoll time.Time
	NewToday int
	Failing  int
	// Failures describe the failing feeds.
	Failures []string
}

// maxDocumentBytes is the largest document downloaded: the Bot API's
// getFile serves files up to 20 MB.
const maxDocumentBytes = 20 << 20

// addableExts are the document formats /add takes.
var addableExts = map[string]bool{".html": true, ".htm": true, ".txt": true, ".md": true, ".json": true, ".jsonl": true}

// addTexts are the replies of /add, by language.
type addTexts struct {
	refused, usage, added, duplicate, unsupported, tooLarge, feeds, feedsFailing string
	// Why an addition failed, in the reader's words (see addFailure):
	// never the internal error, which goes to the log.
	unreachable, httpStatus, notPublic, noText, notALink, timedOut, tooLargeBody string
}

func addTextsFor(t *texts) *addTexts { return t.add }

// isBareLink reports whether text is a single http(s) URL.
func isBareLink(text string) bool {
	text = strings.TrimSpace(text)
	return (strings.HasPrefix(text, "http://") || strings.HasPrefix(text, "https://")) && !strings.ContainsAny(text, " \n\t")
}

// addRequest takes the messages that add an article: /add URL, a bare link
// or a document in a private chat. It returns false for every other
// message. Non-admins are refused, as for /reindex.
func (b *Bot) addRequest(msg *models.Message) bool {
	if msg.From == nil || msg.From.IsBot {
		return false
	}
	private := msg.Chat.Type == models.ChatTypePrivate
	var link string
	var doc *models.Document
	usage := false
	switch {
	case msg.Document != nil:
		cmd, isCmd := parseCommand(msg.Caption)
		if !private && !(isCmd && cmd.Name == "add" && cmd.Target != "" && cmd.forUs(b.me.Username)) {
			return false
		}
		doc = msg.Document
	case msg.Text != "":
		cmd, isCmd := parseCommand(msg.Text)
		switch {
		case isCmd && cmd.Name == "add":
			if !cmd.forUs(b.me.Username) || !private && cmd.Target == "" {
				return false
			}
			link = strings.TrimSpace(cmd.Args)
			usage = !isBareLink(link)
		case private && isBareLink(msg.Text):
			link = strings.TrimSpace(msg.Text)
		default:
			return false
		}
	default:
		return false
	}
	r := request{chatID: msg.Chat.ID, private: private, msg: msg, user: msg.From, t: textsFor(msg.From.LanguageCode)}
	if !private {
		r.replyTo = msg.ID
	}
	at := addTextsFor(r.t)
	if !b.isAdmin(msg.From.ID) || b.cfg.Adder == nil {
		b.log.Info("add refused", "user", msg.From.ID, "chat", msg.Chat.ID)
		b.queue(r, func(ctx context.Context) { b.reply(ctx, r, message{text: at.refused}) })
		return true
	}
	if usage {
		b.queue(r, func(ctx context.Context) { b.reply(ctx, r, message{text: at.usage}) })
		return true
	}
	b.queue(r, func(ctx context.Context) { b.runAdd(ctx, r, link, doc) })
	return true
}

// runAdd adds a link or a document and tells the admin the outcome.
func (b *Bot) runAdd(ctx context.Context, r request, link string, doc *models.Document) {
	at := addTextsFor(r.t)
	var res AddResult
	var err error
	if doc != nil {
		name := doc.FileName
		ext := strings.ToLower(path.Ext(name))
		switch {
		case !addableExts[ext]:
			b.reply(ctx, r, message{text: fmt.Sprintf(at.unsupported, ext)})
			return
		case doc.FileSize > maxDocumentBytes:
			b.reply(ctx, r, message{text: fmt.Sprintf(at.tooLarge, doc.FileSize, maxDocumentBytes)})
			return
		}
		var data []byte
		data, err = b.download(ctx, doc.FileID)
		if err == nil {
			b.log.Info("adding a document", "admin", r.user.ID, "name", name, "bytes", len(data))
			res, err = b.cfg.Adder.AddFile(ctx, name, data)
		}
	} else {
		b.log.Info("adding a link", "admin", r.user.ID, "url", link)
		res, err = b.cfg.Adder.AddURL(ctx, link)
	}
	if err != nil {
		b.log.Warn("add failed", "admin", r.user.ID, "err", b.scrub.Error(err))
		b.reply(ctx, r, message{text: addFailure(err, at)})
		return
	}
	format := at.added
	if res.Duplicate {
		format = at.duplicate
	}
	date := res.Date
	if date == "" {
		date = "—"
	}
	// Titles come from the web: escaped, never markup.
	b.reply(ctx, r, message{text: fmt.Sprintf(format, escape(res.Title), escape(date), res.Chunks), isHTML: true})
}

// httpStatusRe finds the status of a page that answered with an error in
// the fetcher's message ("HTTP 404 Not Found").
var httpStatusRe = regexp.MustCompile(`\bHTTP ([45]\d\d)\b`)

// addFailure says why an addition failed in the reader's language, from
// what the error is; the error itself (a resolver's address, a status
// line, a loader's reason) is for the log only.
func addFailure(err error, at *addTexts) string {
	var dns *net.DNSError
	var op *net.OpError
	var ne net.Error
	msg := err.Error()
	switch {
	case strings.Contains(msg, "not a public address"):
		return at.notPublic
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout():
		return at.timedOut
	case errors.As(err, &dns) || errors.As(err, &op):
		return at.unreachable
	case strings.Contains(msg, "not an http(s) link"):
		return at.notALink
	case strings.Contains(msg, "too large"):
		return at.tooLargeBody
	}
	if m := httpStatusRe.FindStringSubmatch(msg); m != nil {
		code, _ := strconv.Atoi(m[1])
		return fmt.Sprintf(at.httpStatus, code)
	}
	return at.noText
}

// download fetches a document through getFile, within maxDocumentBytes.
// The download URL holds the token: errors are scrubbed.
func (b *Bot) download(ctx context.Context, fileID string) ([]byte, error) {
	f, err := b.api.GetFile(ctx, &tgbot.GetFileParams{FileID: fileID})
	if err != nil {
		return nil, fmt.Errorf("get file: %w", b.scrub.Error(err))
	}
	if f.FileSize > maxDocumentBytes {
		return nil, fmt.Errorf("file too large: %d bytes (limit %d)", f.FileSize, maxDocumentBytes)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.api.FileDownloadLink(f), nil)
	if err != nil {
		return nil, errors.New("download file: bad file path")
	}
	client := b.cfg.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: 2 * time.Minute}
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("download file: %s", b.scrub.String(err.Error()))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("download file: HTTP %d", resp.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxDocumentBytes+1))
	if err != nil {
		return nil, fmt.Errorf("download file: %s", b.scrub.String(err.Error()))
	}
	if len(data) > maxDocumentBytes {
		return nil, fmt.Errorf("file too large: more than %d bytes", maxDocumentBytes)
	}
	return data, nil
}

// maxSkippedListed bounds the skipped files a /reindex report names.
const maxSkippedListed = 10

// skippedList names the files a reindex skipped and why ("report.pdf:
// unsupported format: .pdf"), for the /reindex report (plain text).
func skippedList(skipped []corpus.Skipped) string {
	if len(skipped) == 0 {
		return ""
	}
	var b strings.Builder
	for i, s := range skipped {
		if i == maxSkippedListed {
			fmt.Fprintf(&b, "\n… +%d", len(skipped)-maxSkippedListed)
			break
		}
		fmt.Fprintf(&b, "\n- %s: %s", s.Path, s.Reason)
	}
	return b.String()
}

// withFeeds appends the feeds' state to a /stats or /latest message when
// feeds are configured.
func (b *Bot) withFeeds(m message, t *texts) message {
	if b.cfg.FeedStatus == nil {
		return m
	}
	st := b.cfg.FeedStatus()
	if len(st.Sources) == 0 {
		return m
	}
	at := addTextsFor(t)
	last := "—"
	if !st.LastPoll.IsZero() {
		last = st.LastPoll.UTC().Format("2006-01-02 15:04 UTC")
	}
	lines := []string{fmt.Sprintf(at.feeds, len(st.Sources), strings.Join(st.Sources, ", "), last, st.NewToday, st.Failing)}
	for _, f := range st.Failures {
		lines = append(lines, fmt.Sprintf(at.feedsFailing, f))
	}
	text := strings.Join(lines, "\n")
	if m.isHTML {
		text = escape(text)
	}
	m.text += "\n\n" + text
	return m
}
