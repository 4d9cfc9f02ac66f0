package pgtest

import (
	"fmt"
	"io"
	"net"
	"net/url"
	"path/filepath"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// Outage is a TCP proxy in front of the PostgreSQL server of a URL, so
// that a test can take the database away from the processes that use the
// proxy's URL (Down: every session cut, new ones refused), make it hang
// (Hang: sessions open but never answered), leave the sessions open now
// unanswered (Strand) and give it back (Up), as a restart, a network
// failure or a stuck server would, without touching the server other
// tests share.
type Outage struct {
	ln     net.Listener
	target func() (net.Conn, error)

	mu   sync.Mutex
	down bool
	// hung: new sessions are held unanswered too.
	hung bool
	// thaw is closed when the sessions held unanswered are cut; nil when
	// none is.
	thaw chan struct{}
	// conns are the open sockets, both ends of each session; servers the
	// server ends; frozen the client ends held unanswered.
	conns   map[net.Conn]struct{}
	servers map[net.Conn]struct{}
	frozen  map[net.Conn]struct{}
	wg      sync.WaitGroup
}

// NewOutage starts a proxy to the server of base (a unix socket or TCP
// host) and returns it with base's URL pointing at it; both stop at the
// end of the test.
func NewOutage(t testing.TB, base string) (*Outage, string) {
	t.Helper()
	cfg, err := pgconn.ParseConfig(base)
	if err != nil {
		t.Fatalf("parse %s: %v", base, err)
	}
	network, addr := "tcp", net.JoinHostPort(cfg.Host, fmt.Sprint(cfg.Port))
	if filepath.IsAbs(cfg.Host) {
		network, addr = "unix", filepath.Join(cfg.Host, fmt.Sprintf(".s.PGSQL.%d", cfg.Port))
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	o := &Outage{ln: ln, conns: map[net.Conn]struct{}{}, servers: map[net.Conn]struct{}{}, frozen: map[net.Conn]struct{}{},
		target: func() (net.Conn, error) { return net.Dial(network, addr) }}
	o.wg.Add(1)
	go o.serve()
	t.Cleanup(o.close)

	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", base, err)
	}
	q := u.Query()
	q.Del("host")
	q.Del("port")
	q.Set("sslmode", "disable")
	u.RawQuery = q.Encode()
	u.Host = ln.Addr().String()
	return o, u.String()
}

// Down cuts every session through the proxy and refuses new ones until Up.
func (o *Outage) Down() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.down = true
	o.endHangLocked()
	for c := range o.conns {
		c.Close()
	}
}

// Hang makes the server stop answering, as one stuck (a lock, a full
// disk) or a network path that drops every packet would: the sessions
// open stay open but get no reply to what they send, new ones are
// accepted and get none either, until Up or Down. The sessions of the
// server are ended, so that it holds no lock meanwhile.
func (o *Outage) Hang() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.hung = true
	o.freezeLocked()
}

// Strand leaves the sessions open now unanswered, as a network path that
// drops their packets without a word (a firewall that forgot them, a
// failover that moved the server's address) would; new sessions are
// served. Up or Down cuts the stranded ones.
func (o *Outage) Strand() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.freezeLocked()
}

// freezeLocked ends the server's side of the open sessions and holds the
// client's unanswered. o.mu must be held.
func (o *Outage) freezeLocked() {
	if o.thaw == nil {
		o.thaw = make(chan struct{})
	}
	for s := range o.servers {
		delete(o.conns, s)
		delete(o.servers, s)
		s.Close()
	}
	for c := range o.conns {
		o.frozen[c] = struct{}{}
	}
}

// Up accepts sessions again. A hang ends as a restart of the stuck server
// would: the sessions it held unanswered are cut.
func (o *Outage) Up() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.down = false
	o.endHangLocked()
}

// endHangLocked ends a hang and cuts the sessions held unanswered. o.mu
// must be held.
func (o *Outage) endHangLocked() {
	o.hung = false
	if o.thaw == nil {
		return
	}
	close(o.thaw)
	o.thaw = nil
	for c := range o.frozen {
		c.Close()
	}
	clear(o.frozen)
}

func (o *Outage) close() {
	o.ln.Close()
	o.Down()
	o.wg.Wait()
}

func (o *Outage) serve() {
	defer o.wg.Done()
	for {
		c, err := o.ln.Accept()
		if err != nil {
			return
		}
		o.mu.Lock()
		if o.down {
			o.mu.Unlock()
			c.Close()
			continue
		}
		o.conns[c] = struct{}{}
		o.wg.Add(1)
		o.mu.Unlock()
		go o.pipe(c)
	}
}

// pipe copies between the client c and a new session of the server, or
// holds c unanswered while the proxy hangs.
func (o *Outage) pipe(c net.Conn) {
	defer o.wg.Done()
	defer func() {
		o.mu.Lock()
		delete(o.conns, c)
		delete(o.frozen, c)
		o.mu.Unlock()
		c.Close()
	}()
	if o.hold(c) {
		return
	}
	s, err := o.target()
	if err != nil {
		return
	}
	o.mu.Lock()
	if o.down || o.hung {
		o.mu.Unlock()
		s.Close()
		o.hold(c)
		return
	}
	o.conns[s] = struct{}{}
	o.servers[s] = struct{}{}
	o.mu.Unlock()
	defer func() {
		o.mu.Lock()
		delete(o.conns, s)
		delete(o.servers, s)
		o.mu.Unlock()
		s.Close()
	}()
	done := make(chan struct{}, 2)
	go func() { io.Copy(s, c); s.Close(); done <- struct{}{} }()
	go func() {
		io.Copy(c, s)
		// A hang ends the server's side alone: the client's waits.
		o.mu.Lock()
		_, frozen := o.frozen[c]
		o.mu.Unlock()
		if !frozen {
			c.Close()
		}
		done <- struct{}{}
	}()
	<-done
	<-done
	o.hold(c)
}

// hold keeps c open and unanswered until the sessions held are cut, when
// the proxy hangs or c was caught in a hang or stranded; it reports
// whether it held c.
func (o *Outage) hold(c net.Conn) bool {
	o.mu.Lock()
	thaw := o.thaw
	_, frozen := o.frozen[c]
	if o.hung && !frozen {
		if _, open := o.conns[c]; open {
			o.frozen[c] = struct{}{}
			frozen = true
		}
	}
	o.mu.Unlock()
	if thaw == nil || !frozen {
		return false
	}
	<-thaw
	return true
}
