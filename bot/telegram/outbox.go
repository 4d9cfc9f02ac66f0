package telegram

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"verbatim/internal/atomicfile"
)

// outboxFile, in StateDir next to pending.json, holds the deliveries
// Telegram deferred (a 429 whose retry_after outlasts the sender's budget,
// a network failure): they are retried after the wait Telegram asked for,
// however long, and across restarts.
const outboxFile = "outbox.json"

// delivery is a final message not yet (wholly) on screen. The message it
// replaces stays until the replacement is delivered.
type delivery struct {
	Chat int64 `json:"chat"`
	// ReplyTo is the message the first piece sent replies to (groups).
	ReplyTo int `json:"reply_to,omitempty"`
	// Placeholder is the message on screen the first piece is edited into;
	// 0 once edited, or when the pieces are sent as new messages.
	Placeholder int `json:"placeholder,omitempty"`
	// Stale is a placeholder that could not be edited: it is deleted once
	// every piece is delivered.
	Stale int `json:"stale,omitempty"`
	// Pieces are the Telegram-sized parts still to deliver.
	Pieces []string `json:"pieces"`
	HTML   bool     `json:"html,omitempty"`
	// Markup goes under the last piece.
	Markup *models.InlineKeyboardMarkup `json:"markup,omitempty"`
	// NotBefore is the end of the wait Telegram asked for.
	NotBefore time.Time `json:"not_before"`
	// Failures counts the attempts that failed without a retry_after, to
	// space the next ones.
	Failures int `json:"failures,omitempty"`
	// Key names the delivery in a shared OutboxStore, given before the
	// first Add: adding it again (its Add failed, or the process stopped
	// before forgetting its copy) adds nothing.
	Key string `json:"key,omitempty"`
	// id is the delivery's row in a shared OutboxStore while this process
	// holds its claim; 0 for a delivery kept in this process.
	id int64
	// held is when that claim ends: the token Extend and Release take.
	held time.Time
	// kept is the delivery in outbox.items this one is the delivery loop's
	// copy of: the loop changes the copy, and update writes its progress
	// back under the lock, since others read the items meanwhile.
	kept *delivery
}

// markup returns d's keyboard as a ReplyMarkup, nil (not a nil pointer in
// an interface) when there is none.
func (d *delivery) markup() models.ReplyMarkup {
	if d.Markup == nil {
		return nil
	}
	return d.Markup
}

// done reports whether nothing is left to do.
func (d *delivery) done() bool { return len(d.Pieces) == 0 && d.Stale == 0 }

// callContext returns the context of the next Bot API call on a delivery,
// with its progress so far saved; cancel must be called when the call
// returns.
type callContext func(ctx context.Context, d *delivery) (call context.Context, cancel context.CancelFunc, err error)

// unbounded is the callContext of a delivery no other process can take.
func unbounded(ctx context.Context, _ *delivery) (context.Context, context.CancelFunc, error) {
	return ctx, func() {}, nil
}

// push makes progress on d with s: the placeholder edited (or marked stale
// when it cannot be), then each piece sent, then the stale placeholder
// removed. d records what was done, so that a failure resumes where it
// stopped; each Bot API call runs in the context that next gives it once
// the progress before it is saved. It returns nil when d is done.
func push(ctx context.Context, s *sender, d *delivery, next callContext) error {
	// call runs f in the context of the next call.
	call := func(f func(ctx context.Context) error) error {
		callCtx, cancel, err := next(ctx, d)
		if err != nil {
			return err
		}
		defer cancel()
		return f(callCtx)
	}
	if d.Placeholder != 0 && len(d.Pieces) > 0 {
		var markup models.ReplyMarkup
		if len(d.Pieces) == 1 {
			markup = d.markup()
		}
		err := call(func(ctx context.Context) error {
			return s.edit(ctx, d.Chat, d.Placeholder, d.Pieces[0], d.HTML, markup)
		})
		switch {
		case err == nil:
			// The rest follows the edited message: no reply needed.
			d.Pieces, d.ReplyTo = d.Pieces[1:], 0
		case permanent(err):
			// Deleted or too old to edit: the answer is sent anew and the
			// placeholder removed only then, so the chat never shows less.
			s.log.Warn("final edit refused: sending the answer anew", "chat", d.Chat, "err", err)
			d.Stale = d.Placeholder
		default:
			return err
		}
		d.Placeholder = 0
	}
	for len(d.Pieces) > 0 {
		var markup models.ReplyMarkup
		if len(d.Pieces) == 1 {
			markup = d.markup()
		}
		err := call(func(ctx context.Context) error {
			_, err := s.sendPiece(ctx, d.Chat, d.Pieces[0], d.HTML, d.ReplyTo, markup)
			return err
		})
		if err != nil {
			return err
		}
		d.Pieces, d.ReplyTo = d.Pieces[1:], 0
	}
	if d.Stale != 0 {
		err := call(func(ctx context.Context) error { return s.remove(ctx, d.Chat, d.Stale) })
		if err != nil && !permanent(err) {
			return err
		}
		if err != nil {
			s.log.Error("placeholder left in the chat", "chat", d.Chat, "message", d.Stale, "err", err)
		}
		d.Stale = 0
	}
	return nil
}

// permanent reports whether retrying a call cannot help: Telegram refused
// the request itself (400, 403), not its timing.
func permanent(err error) bool {
	return errors.Is(err, tgbot.ErrorBadRequest) || errors.Is(err, tgbot.ErrorForbidden)
}

// OutboxStore keeps the deferred deliveries where the replicas of a bot
// share them (PostgreSQL, Config.Outbox), instead of StateDir: each is
// claimed by one replica at a time, so it is delivered once, by any of
// them, also after the process that deferred it stops. Deliveries are
// opaque JSON; a chat's go in order, and the wait Telegram gave one holds
// the whole chat.
type OutboxStore interface {
	// Add queues a delivery to chat, not tried before notBefore. A
	// non-empty key names it: an Add of a key added before (the delivery
	// waiting or sent since) adds nothing and succeeds.
	Add(ctx context.Context, key string, chat int64, notBefore time.Time, delivery []byte) error
	// Claim takes until now+lease the first delivery due at now of a chat
	// no other replica holds; when none is due, ok is false and wait says
	// how long until one is (0: none waits).
	Claim(ctx context.Context, now time.Time, lease time.Duration) (id int64, delivery []byte, ok bool, wait time.Duration, err error)
	// Extend saves the progress of a claimed delivery and moves the end of
	// its claim from held (now+lease at Claim, or the last Extend's until)
	// to until; kept is false, and nothing changed, when the claim no
	// longer ends at held (it ran out and another replica took it).
	Extend(ctx context.Context, id int64, held time.Time, delivery []byte, until time.Time) (kept bool, err error)
	// Release ends the claim ending at held: the delivery removed when
	// done, otherwise kept with its progress and its chat held until
	// notBefore; kept is false, and nothing changed, as for Extend.
	Release(ctx context.Context, id int64, held time.Time, delivery []byte, notBefore time.Time, done bool) (kept bool, err error)
	// Holds reports whether chat has deliveries waiting.
	Holds(ctx context.Context, chat int64) (bool, error)
}

// A shared outbox is looked at every outboxPoll for the deliveries other
// replicas defer or give back; a claim lasts outboxLease, after which a
// replica that died delivering is taken over.
//
// A part is never sent twice, because no Bot API call on a claimed
// delivery can outlive the claim: before each call the progress so far is
// saved and the claim renewed to outboxLease from now (a take-over
// resumes at the next part), the call is abandoned outboxMargin before the
// claim ends (room for the replicas' clocks to disagree), a 429 is never
// waited out inside a claim (the delivery is given back, held until the
// retry_after ends), and a replica that finds its claim taken stops
// without writing. A renewal per call, rather than a background
// heartbeat, also bounds a replica cut off from the database: its claim
// ends and its calls with it.
const (
	outboxPoll   = 5 * time.Second
	outboxLease  = 5 * time.Minute
	outboxMargin = time.Minute
)

// outboxStoreTimeout bounds each call on a shared OutboxStore, whatever
// bound the store keeps: a database that accepts but never answers must
// hold neither the delivery loop (the deliveries kept in this process wait
// behind it) nor an answer on its way. A call that runs out fails as one
// the database refused: the loop looks again after outboxPoll, progress
// not saved is retried in the background, an answer not taken is kept in
// this process (and in its spill, outboxFile).
const outboxStoreTimeout = 10 * time.Second

// errClaimLost is a claimed delivery another replica took over: this one
// must neither send nor write any more of it.
var errClaimLost = errors.New("outbox claim lost to another replica")

// outbox keeps the deferred deliveries in arrival order, persisted in
// StateDir at every change (or in a shared OutboxStore), and delivers them
// in the background: per chat in order, each chat after the retry_after
// Telegram gave it (a 429 holds the whole chat).
type outbox struct {
	path string // "" keeps the deliveries in memory only
	now  func() time.Time
	// store, when set, keeps the deliveries instead; those it cannot take
	// (the database unreachable) are kept in this process meanwhile, and
	// in outboxFile, its spill: offered to store again at each look at the
	// outbox (offerKept), after a restart too.
	store OutboxStore
	log   *slog.Logger
	poll  time.Duration // outboxPoll; tests on a fake clock lengthen it
	// storeTimeout bounds each call on store (outboxStoreTimeout; tests
	// of a hung database shorten it). It runs on the real clock, as the
	// database does.
	storeTimeout time.Duration
	// sleep waits d or until ctx ends: it ends the calls on a claimed
	// delivery in time (sleepCtx; tests give their fake clock's).
	sleep func(ctx context.Context, d time.Duration) error

	mu    sync.Mutex
	items []*delivery
	wake  chan struct{}
	// saves are the releases retried in the background (retryRelease).
	saves sync.WaitGroup
}

// openOutbox reads the deliveries kept in dir ("" or a missing file: none).
// A corrupt file is moved aside and reported; the outbox starts empty.
func openOutbox(dir string, now func() time.Time) (*outbox, error) {
	o := &outbox{now: now, sleep: sleepCtx, wake: make(chan struct{}, 1)}
	if dir == "" {
		return o, nil
	}
	o.path = filepath.Join(dir, outboxFile)
	data, err := os.ReadFile(o.path)
	if errors.Is(err, fs.ErrNotExist) {
		return o, nil
	}
	if err != nil {
		return o, fmt.Errorf("read outbox: %w", err)
	}
	var st outboxState
	if err := json.Unmarshal(data, &st); err != nil {
		aside := o.path + ".corrupt"
		if rerr := os.Rename(o.path, aside); rerr != nil {
			return o, fmt.Errorf("outbox unreadable (%w) and not moved aside: %w", err, rerr)
		}
		return o, fmt.Errorf("outbox unreadable, moved to %s: %w", aside, err)
	}
	for _, d := range st.Deliveries {
		if d != nil && !d.done() {
			o.items = append(o.items, d)
		}
	}
	return o, nil
}

// outboxState is the JSON layout of outboxFile.
type outboxState struct {
	Version    int         `json:"version"`
	Deliveries []*delivery `json:"deliveries"`
}

// share keeps the outbox in store from now on. The deliveries read from
// outboxFile (kept by a process that could not add them, or by one
// without a database) are named, and the names saved, before any is
// offered to store: an Add that commits unheard is then repeated under
// the same key.
func (o *outbox) share(store OutboxStore, logger *slog.Logger) {
	o.store, o.log, o.poll, o.storeTimeout = store, logger, outboxPoll, outboxStoreTimeout
	o.mu.Lock()
	defer o.mu.Unlock()
	named := false
	for _, d := range o.items {
		if d.Key == "" {
			d.Key, named = newDeliveryKey(), true
		}
	}
	if !named {
		return
	}
	if err := o.saveLocked(); err != nil {
		// Kept in memory, named: offered under these names until a restart.
		logger.Error("save outbox", "err", err)
	}
}

// newDeliveryKey returns a name for a delivery no other will have.
func newDeliveryKey() string { return rand.Text() }

// storeCtx bounds one call on the shared store by storeTimeout.
func (o *outbox) storeCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	if o.storeTimeout <= 0 {
		return context.WithTimeout(ctx, outboxStoreTimeout)
	}
	return context.WithTimeout(ctx, o.storeTimeout)
}

// len returns the number of deliveries waiting in this process.
func (o *outbox) len() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.items)
}

// holds reports whether chat has deliveries waiting: a new one must go
// behind them. It asks the shared store even once ctx has ended (an
// answer finished at shutdown must not overtake them), within
// storeTimeout.
func (o *outbox) holds(ctx context.Context, chat int64) bool {
	o.mu.Lock()
	local := slices.ContainsFunc(o.items, func(d *delivery) bool { return d.Chat == chat })
	o.mu.Unlock()
	if local || o.store == nil {
		return local
	}
	ctx, cancel := o.storeCtx(context.WithoutCancel(ctx))
	defer cancel()
	held, err := o.store.Holds(ctx, chat)
	if err != nil {
		o.log.Warn("outbox unreadable: the answer is not queued behind the deferred ones", "chat", chat, "err", err)
	}
	return held
}

// add queues d (with its NotBefore set) and persists the outbox. The
// shared store is given d even once ctx has ended (a shutdown keeps the
// answer), within storeTimeout; otherwise d is kept in this process and
// written to outboxFile (fsynced) before add returns, so that a restart
// finds it: offered to the store again under the same key, it is added
// once, also when the Add that failed here had committed unheard. A
// delivery to a chat with deliveries kept here is kept behind them.
func (o *outbox) add(ctx context.Context, d *delivery) error {
	if o.store != nil {
		if d.Key == "" {
			d.Key = newDeliveryKey()
		}
		o.mu.Lock()
		if slices.ContainsFunc(o.items, func(x *delivery) bool { return x.Chat == d.Chat }) {
			// Behind its chat's deliveries kept here, which go to the
			// store first (offerKept), in order.
			defer o.mu.Unlock()
			o.items = append(o.items, d)
			err := o.saveLocked()
			o.wakeUp()
			return err
		}
		o.mu.Unlock()
		data, err := json.Marshal(d)
		if err == nil {
			ctx, cancel := o.storeCtx(context.WithoutCancel(ctx))
			err = o.store.Add(ctx, d.Key, d.Chat, d.NotBefore, data)
			cancel()
		}
		if err == nil {
			o.wakeUp()
			return nil
		}
		o.mu.Lock()
		defer o.mu.Unlock()
		o.items = append(o.items, d)
		serr := o.saveLocked()
		o.wakeUp()
		if serr != nil {
			return fmt.Errorf("kept in this process only: %w (not spilled: %w)", err, serr)
		}
		return fmt.Errorf("kept in this process until the database takes it: %w", err)
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	// The wait Telegram asked for holds the whole chat.
	for _, other := range o.items {
		if other.Chat == d.Chat && other.NotBefore.After(d.NotBefore) {
			d.NotBefore = other.NotBefore
		}
	}
	o.items = append(o.items, d)
	err := o.saveLocked()
	o.wakeUp()
	return err
}

// wakeUp has the delivery loop look at the outbox now.
func (o *outbox) wakeUp() {
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

// next returns the first delivery whose chat may be written to now, or,
// when none is due, how long until one is (0 and nil: the outbox is empty).
// A delivery of a shared store is claimed: update must follow. The claim
// is bounded by storeTimeout, after which it fails as when the database
// refuses it (the outbox is looked at again after o.poll), but not cut
// when ctx ends: a claim the database made and the process never heard of
// would hold its delivery for the whole lease, where one made at shutdown
// is given back at once.
func (o *outbox) next(ctx context.Context) (*delivery, time.Duration) {
	d, wait := o.nextLocal()
	if d != nil || o.store == nil {
		return d, wait
	}
	now := o.now()
	claimCtx, cancel := o.storeCtx(context.WithoutCancel(ctx))
	id, data, ok, shared, err := o.store.Claim(claimCtx, now, outboxLease)
	cancel()
	if err != nil {
		o.log.Warn("outbox unreadable: deferred answers wait", "err", err)
	}
	if ok {
		d = &delivery{}
		if err := json.Unmarshal(data, d); err != nil {
			o.log.Error("deferred answer unreadable: dropped", "err", err)
			ctx, cancel := o.storeCtx(context.WithoutCancel(ctx))
			defer cancel()
			if _, err := o.store.Release(ctx, id, now.Add(outboxLease), nil, time.Time{}, true); err != nil {
				o.log.Warn("remove from the outbox", "err", err)
			}
			return nil, time.Millisecond
		}
		d.id, d.held = id, now.Add(outboxLease)
		return d, 0
	}
	// Other replicas add deliveries and give them back: look again soon.
	if shared == 0 || shared > o.poll {
		shared = o.poll
	}
	if wait == 0 || shared < wait {
		wait = shared
	}
	return nil, wait
}

// nextLocal is next among the deliveries kept in this process.
func (o *outbox) nextLocal() (*delivery, time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	now := o.now()
	seen := map[int64]bool{}
	var soonest time.Duration
	for _, d := range o.items {
		if seen[d.Chat] {
			continue // a chat's deliveries go in order
		}
		seen[d.Chat] = true
		wait := d.NotBefore.Sub(now)
		if wait <= 0 {
			work := *d
			work.kept = d
			return &work, 0
		}
		if soonest == 0 || wait < soonest {
			soonest = wait
		}
	}
	return nil, soonest
}

// offerKept gives the shared store the deliveries kept in this process
// (those it could not take, and those read from outboxFile at the start),
// oldest first, until it refuses one: the delivery loop calls it each time
// it looks at the outbox, so that they are retried every outboxPoll and
// leave the process (and its spill) once the database is back, to be
// delivered in their chat's order by any replica. Those refused are
// delivered from here when due.
func (o *outbox) offerKept(ctx context.Context) {
	if o.store == nil {
		return
	}
	for ctx.Err() == nil {
		o.mu.Lock()
		var d *delivery
		if len(o.items) > 0 {
			work := *o.items[0]
			work.kept = o.items[0]
			d = &work
		}
		o.mu.Unlock()
		if d == nil || !o.offer(ctx, d) {
			return
		}
	}
}

// offer gives the shared store d, the loop's copy of a delivery kept in
// this process: taken, it leaves the process and outboxFile (and reports
// true). Its key makes the Add once only: a crash after the Add and
// before outboxFile is rewritten offers it again at the restart, and that
// Add adds nothing; so does an Add that failed here after it committed.
func (o *outbox) offer(ctx context.Context, d *delivery) bool {
	if o.store == nil || d.id != 0 || d.Key == "" {
		return false
	}
	data, err := json.Marshal(d)
	if err != nil {
		return false
	}
	addCtx, cancel := o.storeCtx(ctx)
	err = o.store.Add(addCtx, d.Key, d.Chat, d.NotBefore, data)
	cancel()
	if err != nil {
		o.log.Warn("outbox unreadable: the deferred answers kept in this process stay here", "chat", d.Chat, "err", err)
		return false
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.items = slices.DeleteFunc(o.items, func(x *delivery) bool { return x == d.kept })
	if err := o.saveLocked(); err != nil {
		// Offered again at the restart: its key makes that Add a no-op.
		o.log.Error("save outbox", "err", err)
	}
	o.log.Info("deferred answer kept in this process given to the shared outbox", "chat", d.Chat)
	return true
}

// callContext is the callContext of d: for a claimed delivery, its
// progress is saved and its claim renewed before the call, which is
// abandoned outboxMargin before the claim ends (see outboxLease).
func (o *outbox) callContext(ctx context.Context, d *delivery) (context.Context, context.CancelFunc, error) {
	if d.id == 0 {
		return unbounded(ctx, d)
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	data, err := json.Marshal(d)
	if err != nil {
		return nil, nil, fmt.Errorf("encode delivery: %w", err)
	}
	until := o.now().Add(outboxLease)
	saveCtx, cancelSave := o.storeCtx(ctx)
	kept, err := o.store.Extend(saveCtx, d.id, d.held, data, until)
	cancelSave()
	if err != nil {
		// Not saved: a part sent now could be sent again by a take-over.
		return nil, nil, fmt.Errorf("save progress: %w", err)
	}
	if !kept {
		return nil, nil, errClaimLost
	}
	d.held = until
	bound := until.Add(-outboxMargin).Sub(o.now())
	if bound <= 0 {
		return nil, nil, fmt.Errorf("save progress: took longer than the claim allows")
	}
	callCtx, cancel := context.WithTimeout(ctx, bound)
	go func() {
		// The clock the claims are measured on ends the call too.
		if o.sleep(callCtx, bound) == nil {
			cancel()
		}
	}()
	return callCtx, cancel, nil
}

// update persists d's progress after an attempt: removed when done,
// otherwise kept with its chat held until notBefore. The progress of a
// claimed delivery that the database does not take is retried in the
// background while the claim lasts and ctx allows (lost, a take-over would
// send the last parts again), so that the deliveries that need no database
// go on meanwhile; the error then wraps errSaveRetried. Each attempt is
// made even once ctx has ended (the progress of a shutdown is kept),
// within storeTimeout.
func (o *outbox) update(ctx context.Context, d *delivery, notBefore time.Time) error {
	if d.id != 0 {
		data, err := json.Marshal(d)
		if err != nil {
			return fmt.Errorf("encode delivery: %w", err)
		}
		saveCtx, cancel := o.storeCtx(context.WithoutCancel(ctx))
		kept, err := o.store.Release(saveCtx, d.id, d.held, data, notBefore, d.done())
		cancel()
		switch {
		case err == nil && !kept:
			return errClaimLost
		case err == nil:
			return nil
		}
		o.saves.Add(1)
		go func() {
			defer o.saves.Done()
			o.retryRelease(ctx, d, data, notBefore)
		}()
		return fmt.Errorf("%w: %w", errSaveRetried, err)
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	kept := d
	if d.kept != nil {
		// The progress, what push and runOutbox change: the rest is
		// read by others without the lock (deferDelivery's caller).
		kept = d.kept
		kept.Pieces, kept.ReplyTo, kept.Placeholder, kept.Stale, kept.Failures = d.Pieces, d.ReplyTo, d.Placeholder, d.Stale, d.Failures
	}
	if d.done() {
		o.items = slices.DeleteFunc(o.items, func(x *delivery) bool { return x == kept })
	} else {
		for _, x := range o.items {
			if x.Chat == d.Chat && x.NotBefore.Before(notBefore) {
				x.NotBefore = notBefore
			}
		}
	}
	return o.saveLocked()
}

// errSaveRetried is the progress of a claimed delivery the database did
// not take, retried in the background while the claim lasts.
var errSaveRetried = errors.New("progress not saved, retried while the claim lasts")

// retryRelease gives back the claimed delivery d (data, its progress) as
// update would, retried with a backoff until the database takes it, the
// claim is about to end or ctx ends. Until then the claim keeps d, and the
// deliveries of its chat behind it in the store, from every replica, this
// one included: nothing else touches d.
func (o *outbox) retryRelease(ctx context.Context, d *delivery, data []byte, notBefore time.Time) {
	for wait := time.Second; ; wait *= 2 {
		if !o.now().Add(wait).Before(d.held) {
			o.log.Error("progress of a deferred answer not saved before its claim ends: a take-over may send its last part again", "chat", d.Chat)
			return
		}
		if o.sleep(ctx, wait) != nil {
			o.log.Warn("progress of a deferred answer not saved at shutdown: a take-over may send its last part again", "chat", d.Chat)
			return
		}
		saveCtx, cancel := o.storeCtx(context.WithoutCancel(ctx))
		kept, err := o.store.Release(saveCtx, d.id, d.held, data, notBefore, d.done())
		cancel()
		switch {
		case err != nil:
			continue
		case !kept:
			o.log.Warn("deferred answer taken over by another replica", "chat", d.Chat)
		default:
			o.log.Info("progress of a deferred answer saved once the database was back", "chat", d.Chat)
		}
		o.wakeUp() // given back: it may be due
		return
	}
}

// saveLocked writes the outbox atomically (temp file, fsync, rename, fsync
// of the directory); an empty outbox removes the file. o.mu must be held.
func (o *outbox) saveLocked() error {
	if o.path == "" {
		return nil
	}
	if len(o.items) == 0 {
		if err := os.Remove(o.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("clear outbox: %w", err)
		}
		return nil
	}
	data, err := json.Marshal(outboxState{Version: 1, Deliveries: o.items})
	if err != nil {
		return fmt.Errorf("encode outbox: %w", err)
	}
	if err := atomicfile.WriteFile(o.path, data); err != nil {
		return fmt.Errorf("write outbox: %w", err)
	}
	return nil
}

// Spacing of the retries of a delivery that failed without a retry_after
// (network down, Telegram 5xx).
const (
	firstDeliveryBackoff = 5 * time.Second
	maxDeliveryBackoff   = 5 * time.Minute
)

// runOutbox delivers the outbox until ctx ends, each delivery attempted
// once its chat's wait is over. No call starts once ctx has ended, but a
// call under way runs in workCtx: a shutdown that cut it half-way could
// leave a message Telegram delivered recorded as unsent, sent again after
// the restart.
func (b *Bot) runOutbox(ctx context.Context) {
	once := *b.send
	once.budget = 0 // the outbox does the waiting, outside any claim
	work := b.workCtx
	if work == nil {
		work = ctx
	}
	// The releases retried in the background end with ctx.
	defer b.outbox.saves.Wait()
	next := func(callCtx context.Context, d *delivery) (context.Context, context.CancelFunc, error) {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		return b.outbox.callContext(callCtx, d)
	}
	for ctx.Err() == nil {
		b.outbox.offerKept(ctx)
		d, wait := b.outbox.next(ctx)
		if d == nil {
			b.waitOutbox(ctx, wait)
			continue
		}
		err := push(work, &once, d, next)
		notBefore := time.Time{}
		switch {
		case errors.Is(err, errClaimLost):
			// Another replica delivers the rest from the progress saved.
			b.log.Warn("deferred answer taken over by another replica", "chat", d.Chat)
			continue
		case err == nil:
			b.log.Info("deferred answer delivered", "chat", d.Chat)
		case ctx.Err() != nil:
			// Shutdown: kept for the restart as it stands.
		case retryAfter(err) > 0:
			notBefore = b.now().Add(retryAfter(err))
			b.log.Info("deferred answer rate-limited again", "chat", d.Chat, "retry_after", retryAfter(err).Seconds())
		case permanent(err):
			b.log.Error("deferred answer refused by Telegram: dropped", "chat", d.Chat, "err", err)
			d.Pieces, d.Stale = nil, 0
		default:
			d.Failures++
			backoff := min(firstDeliveryBackoff<<min(d.Failures-1, 10), maxDeliveryBackoff)
			notBefore = b.now().Add(backoff)
			b.log.Warn("deferred answer failed, retrying", "chat", d.Chat, "retry_in", backoff.Seconds(), "err", err)
		}
		if err := b.outbox.update(ctx, d, notBefore); errors.Is(err, errClaimLost) {
			b.log.Warn("deferred answer taken over by another replica", "chat", d.Chat)
		} else if errors.Is(err, errSaveRetried) {
			b.log.Warn("save outbox", "chat", d.Chat, "err", err)
		} else if err != nil {
			b.log.Error("save outbox", "err", err)
		}
	}
}

// waitOutbox waits d (forever when 0) or until a delivery is added or ctx
// ends. The wait goes through the sender's sleep: tests drive it with a
// fake clock.
func (b *Bot) waitOutbox(ctx context.Context, d time.Duration) {
	if d == 0 {
		select {
		case <-ctx.Done():
		case <-b.outbox.wake:
		}
		return
	}
	sleepCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	slept := make(chan struct{})
	go func() {
		defer close(slept)
		b.send.sleep(sleepCtx, d)
	}()
	select {
	case <-slept:
	case <-b.outbox.wake:
		cancel()
		<-slept
	}
}

// deferDelivery moves what is left of d to the outbox, to be retried after
// wait (Telegram's retry_after, or a short backoff after a network
// failure), behind the chat's deliveries already waiting.
func (b *Bot) deferDelivery(ctx context.Context, d *delivery, wait time.Duration) {
	d.NotBefore = b.now().Add(wait)
	chat := d.Chat // d is the outbox's once added
	if err := b.outbox.add(ctx, d); err != nil {
		b.log.Error("save outbox", "err", err)
	}
	b.log.Info("answer deferred", "chat", chat, "retry_in", wait.Seconds(), "waiting", b.outbox.len())
}
