package watch

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"verbatim/bot"
	"verbatim/corpus"
	"verbatim/retrieval"
)

// Alert is a watch answered by new articles: an ordinary verified answer
// built from them only.
type Alert struct {
	Watch  Watch
	Answer bot.Answer
	// Articles are the new articles the alert is for (claimed).
	Articles []string
	// Resent is set on an alert sent again after a restart because the
	// process that claimed it stopped before sending it.
	Resent bool
}

// Deliver sends an alert to its watch's owner.
type Deliver func(ctx context.Context, a Alert) error

// Observer counts the alerts sent and the watches (metrics).
type Observer interface {
	Alert()
	Watches(n int)
}

// Config configures an Engine.
type Config struct {
	Store Store
	// Consumer names whose progress this is ("telegram", "terminal"):
	// each consumer matches every article once.
	Consumer string
	// Terminal selects the terminal's watches (Chat 0); else the chats'.
	Terminal bool
	// NewCore returns the core answering over a library of new articles.
	NewCore func(lib bot.Library) *bot.Core
	Deliver Deliver
	// Window is how long Run waits after a publication before matching,
	// so that articles published within it make one alert per watch (0:
	// 2 minutes).
	Window time.Duration
	// MinInterval is the least time between two alerts of a watch; new
	// answers within it wait and make one digest (0: 10 minutes).
	MinInterval time.Duration
	// PerChatHour bounds the alerts a chat gets per hour; more wait (0:
	// 20).
	PerChatHour int
	// Background is how many of the archive's newest articles are asked
	// beside the new ones (0: 40). The verdict model was fitted on whole
	// corpora: over two or three articles alone its evidence (rarity,
	// concentration, coverage) reads nothing like an answer's. An alert
	// fires only when a new article answers best; its quotes are the new
	// articles'. The cost stays bound by the new articles, not the archive.
	Background int
	// ResendAfter is the age after which a claimed alert never marked
	// sent is taken over and sent again, once (0: 2 minutes).
	ResendAfter time.Duration
	Now         func() time.Time
	Logger      *slog.Logger
	Observer    Observer
}

// Engine matches the articles of each publication against the watches.
// It is safe for concurrent use; matches run one at a time.
type Engine struct {
	cfg Config
	log *slog.Logger

	mu sync.Mutex
	// seen caches the consumer's progress; nil until loaded.
	seen  map[string]Noted
	cands *candidates
	// sentAt are the recent alert times per chat, for PerChatHour.
	sentAt map[int64][]time.Time

	kick chan struct{}
}

// NewEngine returns an engine over cfg.Store.
func NewEngine(cfg Config) (*Engine, error) {
	if cfg.Store == nil || cfg.NewCore == nil || cfg.Deliver == nil || cfg.Consumer == "" {
		return nil, errors.New("watch: store, core, delivery and consumer are required")
	}
	// Unset or negative fields take their defaults.
	cfg.Window = cmp.Or(max(cfg.Window, 0), 2*time.Minute)
	cfg.MinInterval = cmp.Or(max(cfg.MinInterval, 0), 10*time.Minute)
	cfg.Background = cmp.Or(max(cfg.Background, 0), 40)
	cfg.PerChatHour = cmp.Or(max(cfg.PerChatHour, 0), 20)
	cfg.ResendAfter = cmp.Or(max(cfg.ResendAfter, 0), 2*time.Minute)
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Engine{cfg: cfg, log: log.With("component", "watch"), sentAt: map[int64][]time.Time{}, kick: make(chan struct{}, 1)}, nil
}

// Report says what one match did.
type Report struct {
	// New are the articles first seen; Pending those matched.
	New, Pending int
	// Candidates are the watches sharing terms with them, Asked those
	// asked, Alerts the alerts sent.
	Candidates, Asked, Alerts int
	// Retry, when not zero, is when watches held back (rate limits) are
	// due.
	Retry time.Time
}

// inScope reports whether w is one of this engine's watches.
func (e *Engine) inScope(w Watch) bool { return (w.Chat == 0) == e.cfg.Terminal }

// Match notes the articles of ix not seen before and matches the pending
// ones against the watches: a watch fires only when the core's verdict
// over the new articles it may see is answered, for those articles not
// claimed for it yet. An article is never matched against a watch created
// after it was first seen, nor dated before the watch (the end of its
// date's period).
func (e *Engine) Match(ctx context.Context, ix *retrieval.Index) (Report, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	var rep Report
	if ix == nil {
		return rep, nil
	}
	now := e.cfg.Now()
	known := len(e.seen)
	if err := e.note(ctx, ix, now); err != nil {
		return rep, err
	}
	rep.New = len(e.seen) - known
	var pending []corpus.Article
	var gone []string
	for id, n := range e.seen {
		if n.Done {
			continue
		}
		if a, ok := ix.Article(id); ok {
			pending = append(pending, a)
		} else {
			gone = append(gone, id)
		}
	}
	slices.SortFunc(pending, func(a, b corpus.Article) int { return strings.Compare(a.ID, b.ID) })
	rep.Pending = len(pending)
	if err := e.done(ctx, gone); err != nil {
		return rep, err
	}
	if len(pending) == 0 {
		return rep, nil
	}
	all, err := e.cfg.Store.List(ctx, 0, true)
	if err != nil {
		return rep, err
	}
	var mine []Watch
	for _, w := range all {
		if e.inScope(w) {
			mine = append(mine, w)
		}
	}
	if e.cfg.Observer != nil {
		e.cfg.Observer.Watches(len(mine))
	}
	found, err := e.answers(ctx, ix, pending, mine, &rep)
	if err != nil {
		return rep, err
	}
	held := map[string]bool{} // articles kept pending for watches held back
	for _, f := range found {
		w := f.watch
		if due := e.due(w, now); !due.IsZero() {
			for _, a := range f.eligible {
				held[a] = true
			}
			if rep.Retry.IsZero() || due.Before(rep.Retry) {
				rep.Retry = due
			}
			e.log.Info("alert held back by the rate limits", "watch", w.ID, "chat", w.Chat, "until", due)
			continue
		}
		sent, err := e.fire(ctx, w, f.answer, now, false)
		if err != nil {
			return rep, err
		}
		if sent {
			rep.Alerts++
		}
	}
	var finished []string
	for _, a := range pending {
		if !held[a.ID] {
			finished = append(finished, a.ID)
		}
	}
	return rep, e.done(ctx, finished)
}

// answered is a watch the new articles answer.
type answered struct {
	watch    Watch
	answer   bot.Answer
	eligible []string
}

// answers asks the watches sharing terms with the pending articles,
// each over the pending articles it may see, and returns those answered.
// Its cost grows with the pending articles and the candidate watches, not
// with ix.
func (e *Engine) answers(ctx context.Context, ix *retrieval.Index, pending []corpus.Article, ws []Watch, rep *Report) ([]answered, error) {
	if e.cands == nil || e.cands.key != watchesKey(ws) {
		e.cands = newCandidates(ws)
	}
	byID := make(map[int64]Watch, len(ws))
	for _, w := range ws {
		byID[w.ID] = w
	}
	cand := e.cands.match(pending)
	rep.Candidates = len(cand)
	var out []answered
	cores := map[string]*bot.Core{} // by the articles of their library
	for _, id := range cand {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		w := byID[id]
		var eligible []string
		for _, a := range pending {
			if e.eligible(w, a) {
				eligible = append(eligible, a.ID)
			}
		}
		if len(eligible) == 0 {
			continue
		}
		key := strings.Join(eligible, "\x00") + "\x00" + w.Created.String() // the background depends on w
		core, ok := cores[key]
		if !ok {
			sub, err := e.subset(ctx, ix, eligible, w)
			if err != nil {
				return nil, err
			}
			core = e.cfg.NewCore(sub)
			cores[key] = core
		}
		rep.Asked++
		ans, err := core.Ask(ctx, bot.Question{Text: w.Text})
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			e.log.Warn("watch not matched", "watch", w.ID, "err", err)
			continue
		}
		ans = newOnly(ans, eligible)
		if ans.Verdict == bot.VerdictAnswered {
			if len(eligible) > 1 {
				// An answer quotes one article unless others confirm it:
				// each new article that answers the watch is asked alone,
				// so that the alert quotes every one of them.
				if ans, err = e.answerEach(ctx, ix, w, eligible, ans); err != nil {
					return nil, err
				}
			}
			out = append(out, answered{watch: w, answer: ans, eligible: eligible})
		}
	}
	return out, nil
}

// eligible reports whether article a may alert watch w: first seen after
// w was created, and not dated before it.
func (e *Engine) eligible(w Watch, a corpus.Article) bool {
	n := e.seen[a.ID]
	if !n.FirstSeen.After(w.Created) {
		return false
	}
	return a.Date.IsZero() || !a.Date.End().Before(w.Created)
}

// due returns when w may fire again (zero: now).
func (e *Engine) due(w Watch, now time.Time) time.Time {
	var due time.Time
	if !w.LastFired.IsZero() && now.Sub(w.LastFired) < e.cfg.MinInterval {
		due = w.LastFired.Add(e.cfg.MinInterval)
	}
	recent := e.sentAt[w.Chat][:0]
	for _, t := range e.sentAt[w.Chat] {
		if now.Sub(t) < time.Hour {
			recent = append(recent, t)
		}
	}
	e.sentAt[w.Chat] = recent
	if len(recent) >= e.cfg.PerChatHour {
		if d := recent[0].Add(time.Hour); d.After(due) {
			due = d
		}
	}
	return due
}

// fire claims the articles ans cites for w and, when this process claimed
// any, delivers the alert quoting only those and marks it sent. A
// delivery failure leaves the claim unsent: it is sent again once, after
// ResendAfter (see Resume).
func (e *Engine) fire(ctx context.Context, w Watch, ans bot.Answer, now time.Time, resent bool) (bool, error) {
	var cited []string
	for _, c := range ans.Citations {
		if c.Verified && !slices.Contains(cited, c.DocID) {
			cited = append(cited, c.DocID)
		}
	}
	if len(cited) == 0 {
		return false, nil
	}
	claimed := cited
	if !resent {
		var err error
		if claimed, err = e.cfg.Store.Claim(ctx, w.ID, cited, now); err != nil {
			return false, err
		}
	}
	if len(claimed) == 0 {
		return false, nil // another process sends it
	}
	if len(claimed) < len(cited) {
		ans = onlyArticles(ans, claimed)
	}
	err := e.cfg.Deliver(ctx, Alert{Watch: w, Answer: ans, Articles: claimed, Resent: resent})
	if err != nil {
		e.log.Error("alert not delivered", "watch", w.ID, "chat", w.Chat, "err", err)
		return false, nil
	}
	e.sentAt[w.Chat] = append(e.sentAt[w.Chat], now)
	if e.cfg.Observer != nil {
		e.cfg.Observer.Alert()
	}
	e.log.Info("alert sent", "watch", w.ID, "chat", w.Chat, "articles", len(claimed))
	if err := e.cfg.Store.Sent(ctx, w.ID, claimed, now); err != nil {
		return true, fmt.Errorf("alert of watch %d sent but not recorded: %w", w.ID, err)
	}
	return true, nil
}

// subset is an index of the articles ids and, as background, up to
// Config.Background of the archive's newest articles that it held when w
// was created (see Background): articles that came since are news for w
// themselves, alerted or not, and do not compete with ids.
func (e *Engine) subset(ctx context.Context, ix *retrieval.Index, ids []string, w Watch) (*retrieval.Index, error) {
	all := append([]string(nil), ids...)
	for _, a := range ix.Newest(4*e.cfg.Background + len(ids)) {
		if len(all) >= e.cfg.Background+len(ids) {
			break
		}
		if !slices.Contains(all, a.ID) && e.seen[a.ID].FirstSeen.Before(w.Created) {
			all = append(all, a.ID)
		}
	}
	return ix.Subset(ctx, all)
}

// askNew asks w of the new articles ids beside the background (subset)
// and returns the answer as an alert over ids (newOnly). A question the
// core fails to answer is no alert; err is the subset's or the context's.
func (e *Engine) askNew(ctx context.Context, ix *retrieval.Index, w Watch, ids []string) (bot.Answer, error) {
	sub, err := e.subset(ctx, ix, ids, w)
	if err != nil {
		return bot.Answer{}, err
	}
	ans, err := e.cfg.NewCore(sub).Ask(ctx, bot.Question{Text: w.Text})
	if err != nil {
		if ctx.Err() != nil {
			return bot.Answer{}, ctx.Err()
		}
		e.log.Warn("watch not asked", "watch", w.ID, "err", err)
		return bot.Answer{}, nil
	}
	return newOnly(ans, ids), nil
}

// newOnly is ans as an alert over the new articles ids: answered only
// when it quotes one of them (a quote of another article than the first
// one's is kept only when it answers too, see engine.Core.decide), and
// quoting only them.
func newOnly(ans bot.Answer, ids []string) bot.Answer {
	if ans.Verdict != bot.VerdictAnswered {
		return ans
	}
	kept := onlyArticles(ans, ids)
	if len(kept.Citations) == 0 {
		ans.Verdict, ans.Found = bot.VerdictRelated, false
		return ans
	}
	if len(kept.Citations) < len(ans.Citations) {
		// The text quoted an older article too: it is written again
		// from the quotes kept.
		var b strings.Builder
		for i, c := range kept.Citations {
			if i > 0 {
				b.WriteString("\n")
			}
			b.WriteString("\"" + c.Quote + "\" [" + strconv.Itoa(c.N) + "]")
		}
		kept.Text = b.String()
	}
	return kept
}

// onlyArticles keeps the citations of ids (another process alerted the
// others).
func onlyArticles(ans bot.Answer, ids []string) bot.Answer {
	var kept []bot.Citation
	for _, c := range ans.Citations {
		if slices.Contains(ids, c.DocID) {
			kept = append(kept, c)
		}
	}
	ans.Citations = kept
	return ans
}

// answerEach asks w of each of the articles ids alone and returns first,
// the answer over all of them, with the quotes of every other article
// that answers too added after its own, numbered on.
func (e *Engine) answerEach(ctx context.Context, ix *retrieval.Index, w Watch, ids []string, first bot.Answer) (bot.Answer, error) {
	cited := map[string]bool{}
	for _, c := range first.Citations {
		cited[c.DocID] = true
	}
	for _, id := range ids {
		if cited[id] {
			continue
		}
		ans, err := e.askNew(ctx, ix, w, []string{id})
		if err != nil {
			return first, err
		}
		if ans.Verdict != bot.VerdictAnswered {
			continue
		}
		offset := len(first.Citations)
		for _, c := range ans.Citations {
			c.N += offset
			first.Citations = append(first.Citations, c)
		}
		first.Text += "\n\n" + markerRe.ReplaceAllStringFunc(ans.Text, func(m string) string {
			n, _ := strconv.Atoi(m[1 : len(m)-1])
			return "[" + strconv.Itoa(n+offset) + "]"
		})
	}
	return first, nil
}

// markerRe matches the citation markers of an answer's text.
var markerRe = regexp.MustCompile(`\[\d+\]`)

// done records ids matched.
func (e *Engine) done(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	if err := e.cfg.Store.Done(ctx, e.cfg.Consumer, ids); err != nil {
		return err
	}
	for _, id := range ids {
		n := e.seen[id]
		n.Done = true
		e.seen[id] = n
	}
	return nil
}

// Resume sends again, once, the alerts a process claimed more than
// ResendAfter ago and never marked sent (it stopped between claim and
// send), answered again over the same articles of ix.
func (e *Engine) Resume(ctx context.Context, ix *retrieval.Index) (int, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if ix == nil {
		return 0, nil
	}
	now := e.cfg.Now()
	if e.seen == nil {
		// When each article was first seen tells the background (subset).
		seen, err := e.cfg.Store.Seen(ctx, e.cfg.Consumer)
		if err != nil {
			return 0, err
		}
		e.seen = seen
	}
	claims, err := e.cfg.Store.Unsent(ctx, now.Add(-e.cfg.ResendAfter))
	if err != nil || len(claims) == 0 {
		return 0, err
	}
	all, err := e.cfg.Store.List(ctx, 0, true)
	if err != nil {
		return 0, err
	}
	byID := map[int64]Watch{}
	for _, w := range all {
		byID[w.ID] = w
	}
	n := 0
	for _, c := range claims {
		w, ok := byID[c.Watch]
		if !ok || !e.inScope(w) {
			continue
		}
		ans, err := e.askNew(ctx, ix, w, c.Articles)
		if err != nil {
			return n, err
		}
		if ans.Verdict != bot.VerdictAnswered {
			// The articles no longer answer it (changed or removed): nothing to send.
			e.cfg.Store.Sent(ctx, w.ID, c.Articles, w.LastFired)
			continue
		}
		sent, err := e.fire(ctx, w, onlyArticles(ans, c.Articles), now, true)
		if err != nil {
			return n, err
		}
		if sent {
			n++
		}
	}
	return n, nil
}

// Publish tells Run that index is served now (a library swap).
func (e *Engine) Publish() {
	select {
	case e.kick <- struct{}{}:
	default:
	}
}

// Run matches the library current serves: at once, then Window after each
// Publish, when held-back alerts are due, and takes over unsent alerts
// every ResendAfter, until ctx is done.
func (e *Engine) Run(ctx context.Context, current func() *retrieval.Index) {
	match := func() time.Time {
		ix := current()
		if _, err := e.Resume(ctx, ix); err != nil && ctx.Err() == nil {
			e.log.Error("resend alerts", "err", err)
		}
		rep, err := e.Match(ctx, ix)
		if err != nil && ctx.Err() == nil {
			e.log.Error("match watches", "err", err)
		}
		if rep.Pending > 0 {
			e.log.Info("watches matched", "new", rep.New, "pending", rep.Pending, "candidates", rep.Candidates, "asked", rep.Asked, "alerts", rep.Alerts)
		}
		return rep.Retry
	}
	timer := time.NewTimer(0)
	defer timer.Stop()
	resend := time.NewTicker(e.cfg.ResendAfter)
	defer resend.Stop()
	// next is when the timer fires, zero when it is not armed.
	next := time.Now()
	arm := func(d time.Duration) {
		if at := time.Now().Add(d); next.IsZero() || at.Before(next) {
			timer.Stop()
			timer.Reset(d)
			next = at
		}
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-e.kick:
			arm(e.cfg.Window)
		case <-resend.C:
			arm(0)
		case <-timer.C:
			next = time.Time{}
			if retry := match(); !retry.IsZero() {
				arm(max(time.Until(retry), time.Second))
			}
		}
	}
}

// Note records the articles of ix not seen before without matching them:
// a watch created afterwards is never matched against them (the
// terminal's verbatim watch add, which does not run alongside the
// publications).
func (e *Engine) Note(ctx context.Context, ix *retrieval.Index) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.note(ctx, ix, e.cfg.Now())
}

// note records the articles of ix not seen before as first seen now.
func (e *Engine) note(ctx context.Context, ix *retrieval.Index, now time.Time) error {
	if e.seen == nil {
		seen, err := e.cfg.Store.Seen(ctx, e.cfg.Consumer)
		if err != nil {
			return err
		}
		e.seen = seen
	}
	var fresh []string
	for _, id := range ix.ArticleIDs() {
		if _, ok := e.seen[id]; !ok {
			fresh = append(fresh, id)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	times, err := e.cfg.Store.Note(ctx, e.cfg.Consumer, fresh, now)
	for id, t := range times {
		e.seen[id] = Noted{FirstSeen: t}
	}
	return err
}
