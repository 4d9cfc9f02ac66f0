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
// proxy's URL (Down: every session cut, new ones refused) and give it back
// (Up), as a restart or a network failure would, without touching the
// server other tests share.
type Outage struct {
	ln     net.Listener
	target func() (net.Conn, error)

	mu    sync.Mutex
	down  bool
	conns map[net.Conn]struct{}
	wg    sync.WaitGroup
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
	o := &Outage{ln: ln, conns: map[net.Conn]struct{}{},
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
	for c := range o.conns {
		c.Close()
	}
}

// Up accepts sessions again.
func (o *Outage) Up() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.down = false
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

// pipe copies between the client c and a new session of the server.
func (o *Outage) pipe(c net.Conn) {
	defer o.wg.Done()
	defer func() {
		o.mu.Lock()
		delete(o.conns, c)
		o.mu.Unlock()
		c.Close()
	}()
	s, err := o.target()
	if err != nil {
		return
	}
	o.mu.Lock()
	if o.down {
		o.mu.Unlock()
		s.Close()
		return
	}
	o.conns[s] = struct{}{}
	o.mu.Unlock()
	defer func() {
		o.mu.Lock()
		delete(o.conns, s)
		o.mu.Unlock()
		s.Close()
	}()
	done := make(chan struct{}, 2)
	go func() { io.Copy(s, c); s.Close(); done <- struct{}{} }()
	go func() { io.Copy(c, s); c.Close(); done <- struct{}{} }()
	<-done
	<-done
}
