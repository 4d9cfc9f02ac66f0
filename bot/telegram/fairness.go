package telegram

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"
)

// rateLimiter is a per-user token bucket: perMinute questions, refilled
// continuously, with a burst of perMinute. A user over the limit is told to
// slow down once, then ignored until a token is back.
type rateLimiter struct {
	perMinute float64
	now       func() time.Time

	mu      sync.Mutex
	buckets map[int64]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
	warned bool
}

func newRateLimiter(perMinute int, now func() time.Time) *rateLimiter {
	return &rateLimiter{perMinute: float64(perMinute), now: now, buckets: map[int64]*bucket{}}
}

// allow takes a token for user. When none is left, warn is true the first
// time only.
func (l *rateLimiter) allow(user int64) (ok, warn bool) {
	if l.perMinute <= 0 {
		return true, false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, found := l.buckets[user]
	if !found {
		b = &bucket{tokens: l.perMinute, last: now}
		l.buckets[user] = b
	}
	b.tokens = min(l.perMinute, b.tokens+now.Sub(b.last).Minutes()*l.perMinute)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		b.warned = false
		return true, false
	}
	if b.warned {
		return false, false
	}
	b.warned = true
	return false, true
}

// wait returns how long user must wait before allow takes a token again.
func (l *rateLimiter) wait(user int64) time.Duration {
	if l.perMinute <= 0 {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b, found := l.buckets[user]
	if !found {
		return 0
	}
	tokens := min(l.perMinute, b.tokens+l.now().Sub(b.last).Minutes()*l.perMinute)
	if tokens >= 1 {
		return 0
	}
	return time.Duration((1 - tokens) / l.perMinute * float64(time.Minute))
}

// gate bounds the model calls in flight. Waiters are served in arrival
// order and can learn their place in the queue.
type gate struct {
	mu       sync.Mutex
	max      int
	inFlight int
	waiters  []chan struct{}
}

func newGate(n int) *gate { return &gate{max: n} }

// enter takes a slot at once (place 0) or queues the caller and returns its
// place (1 = next) and a wait function that blocks until the slot is given
// or ctx ends. Each successful enter must be paired with leave.
func (g *gate) enter() (place int, wait func(ctx context.Context) error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.inFlight < g.max && len(g.waiters) == 0 {
		g.inFlight++
		return 0, func(context.Context) error { return nil }
	}
	ch := make(chan struct{})
	g.waiters = append(g.waiters, ch)
	return len(g.waiters), func(ctx context.Context) error {
		select {
		case <-ch:
			return nil
		case <-ctx.Done():
			g.mu.Lock()
			for i, w := range g.waiters {
				if w == ch {
					g.waiters = append(g.waiters[:i], g.waiters[i+1:]...)
					g.mu.Unlock()
					return ctx.Err()
				}
			}
			g.mu.Unlock()
			// The slot was handed over meanwhile: give it back.
			g.leave()
			return ctx.Err()
		}
	}
}

// leave frees a slot, handing it to the first waiter if any.
func (g *gate) leave() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.waiters) > 0 {
		ch := g.waiters[0]
		g.waiters = g.waiters[1:]
		close(ch)
		return
	}
	g.inFlight--
}

// tasks runs the bot's goroutines (per-chat queues, background jobs) so
// that shutdown can wait for them; after close, nothing new starts.
type tasks struct {
	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
	queues map[int64][]job
	// running is the message each chat's running job answers (nil for a
	// notice).
	running map[int64]*models.Message
	limit   int
	seq     int64
}

// job is one entry of a chat's queue. msg, when set, is the message that
// asked for it: a job not started at shutdown is kept as that message and
// handled again after the restart.
type job struct {
	run func()
	msg *models.Message
	seq int64
}

func newTasks(perChat int) *tasks {
	return &tasks{queues: map[int64][]job{}, running: map[int64]*models.Message{}, limit: perChat}
}

// goTracked runs f in a goroutine unless the tasks are closed.
func (t *tasks) goTracked(f func()) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return false
	}
	t.wg.Add(1)
	go func() {
		defer t.wg.Done()
		f()
	}()
	return true
}

// enqueue appends run to chat's FIFO queue, so that one chat's replies come
// in the order asked while chats proceed in parallel. It reports false
// when the queue is closed or full, with the number of jobs waiting.
func (t *tasks) enqueue(chat int64, msg *models.Message, run func()) (ok bool, waiting int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	q, running := t.queues[chat]
	if t.closed {
		return false, len(q)
	}
	if len(q) >= t.limit {
		return false, len(q)
	}
	t.seq++
	t.queues[chat] = append(q, job{run: run, msg: msg, seq: t.seq})
	if running {
		return true, len(q) + 1
	}
	t.wg.Add(1)
	go t.drain(chat)
	return true, 1
}

// drain runs chat's jobs until its queue is empty.
func (t *tasks) drain(chat int64) {
	defer t.wg.Done()
	for {
		t.mu.Lock()
		q := t.queues[chat]
		if len(q) == 0 {
			delete(t.queues, chat)
			t.mu.Unlock()
			return
		}
		j := q[0]
		t.queues[chat] = q[1:]
		t.running[chat] = j.msg
		t.mu.Unlock()
		j.run()
		t.mu.Lock()
		delete(t.running, chat)
		t.mu.Unlock()
	}
}

// place returns msg's place in chat's queue (1: next), 0 when it is not
// waiting (running, done or taken).
func (t *tasks) place(chat int64, msg *models.Message) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	for i, j := range t.queues[chat] {
		if j.msg == msg {
			return i + 1
		}
	}
	return 0
}

// from counts the messages of user waiting or running in chat.
func (t *tasks) from(chat, user int64) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	fromUser := func(m *models.Message) bool { return m != nil && m.From != nil && m.From.ID == user }
	if fromUser(t.running[chat]) {
		n++
	}
	for _, j := range t.queues[chat] {
		if fromUser(j.msg) {
			n++
		}
	}
	return n
}

// takeWaiting removes the queued jobs that carry a message and returns
// those messages in arrival order; jobs without one (short notices) stay
// and run.
func (t *tasks) takeWaiting() []*models.Message {
	t.mu.Lock()
	defer t.mu.Unlock()
	var taken []job
	for chat, q := range t.queues {
		kept := q[:0:0]
		for _, j := range q {
			if j.msg != nil {
				taken = append(taken, j)
			} else {
				kept = append(kept, j)
			}
		}
		t.queues[chat] = kept
	}
	slices.SortFunc(taken, func(a, b job) int { return cmp.Compare(a.seq, b.seq) })
	msgs := make([]*models.Message, len(taken))
	for i, j := range taken {
		msgs[i] = j.msg
	}
	return msgs
}

// close stops new work and waits up to timeout for running work; it
// reports whether everything finished.
func (t *tasks) close(timeout time.Duration) bool {
	t.mu.Lock()
	t.closed = true
	t.mu.Unlock()
	done := make(chan struct{})
	go func() {
		t.wg.Wait()
		close(done)
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case <-done:
		return true
	case <-timer.C:
		return false
	}
}

// durationAverage is a running average of answer times, to tell a refused
// user when to ask again.
type durationAverage struct {
	mu  sync.Mutex
	avg time.Duration
}

// observe adds one answer time (exponential moving average, weight 1/4).
func (a *durationAverage) observe(d time.Duration) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.avg == 0 {
		a.avg = d
		return
	}
	a.avg += (d - a.avg) / 4
}

// get returns the average, or def before any answer.
func (a *durationAverage) get(def time.Duration) time.Duration {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.avg == 0 {
		return def
	}
	return a.avg
}

// perAnswer is the time one job of a chat's queue takes: the measured
// average, never less than the pace the bot keeps in such a chat (one
// group message per groupEditEvery, one private per draftEvery: Telegram's
// 20 per minute per group and about 1 per second per chat). Before any
// measure it is that pace.
func (b *Bot) perAnswer(private bool) time.Duration {
	pace := b.groupEditEvery
	if private {
		pace = b.draftEvery
	}
	return max(b.jobTime.get(pace), pace)
}

// queuePlace is a request waiting in its chat's queue and its place (1:
// next).
type queuePlace struct {
	r     request
	place int
}

// noticeLater tells r its place in the chat's queue once it has waited
// queueNoticeAfter (a short wait is not worth a message). The requests
// queued meanwhile in the same chat are told together, in one message:
// one notice per question would spend the group's 20 messages a minute.
func (b *Bot) noticeLater(r request) {
	if r.msg == nil {
		return
	}
	b.noticesMu.Lock()
	first := len(b.notices[r.chatID]) == 0
	b.notices[r.chatID] = append(b.notices[r.chatID], r)
	b.noticesMu.Unlock()
	if !first {
		return
	}
	chat, private := r.chatID, r.private
	b.tasks.goTracked(func() {
		t := time.NewTimer(b.queueNoticeAfter)
		select {
		case <-t.C:
		case <-b.holdCtx.Done():
			t.Stop()
		}
		b.noticesMu.Lock()
		reqs := b.notices[chat]
		delete(b.notices, chat)
		b.noticesMu.Unlock()
		if b.holdCtx.Err() != nil {
			return
		}
		var places []queuePlace
		for _, r := range reqs {
			if p := b.tasks.place(chat, r.msg); p > 0 {
				places = append(places, queuePlace{r: r, place: p})
			}
		}
		if len(places) == 0 {
			return
		}
		per := b.perAnswer(private)
		first := places[0].r
		if len(places) == 1 {
			b.reply(b.workCtx, first, message{text: first.t.queuePlaceText(places[0].place, time.Duration(places[0].place)*per)})
			return
		}
		first.replyTo = 0
		b.reply(b.workCtx, first, message{text: first.t.queuePlacesText(places, per)})
	})
}
