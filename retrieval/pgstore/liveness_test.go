package pgstore

import (
	"context"
	"io"
	"net"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"verbatim/retrieval/pgstore/pgtest"
)

// socketPair returns both ends of a fresh connection over network.
func socketPair(t *testing.T, network string) (client, server net.Conn) {
	t.Helper()
	addr := "127.0.0.1:0"
	if network == "unix" {
		addr = filepath.Join(t.TempDir(), "s")
	}
	ln, err := net.Listen(network, addr)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, _ := ln.Accept()
		accepted <- c
	}()
	client, err = net.Dial(network, ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	server = <-accepted
	if server == nil {
		t.Fatal("accept failed")
	}
	t.Cleanup(func() { client.Close(); server.Close() })
	return client, server
}

// TestQuiet: a connection with nothing to read is quiet; one with data
// waiting, or whose peer closed it, is not, and looking takes nothing
// from it.
func TestQuiet(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("quiet looks at sockets on Unix only")
	}
	tests := []struct {
		name string
		// peer acts on the server's end; nil leaves it idle.
		peer func(net.Conn)
		// read is what the client then reads, io.EOF for the end of stream.
		read string
	}{
		{"idle", nil, ""},
		{"data waiting", func(c net.Conn) { c.Write([]byte("E")) }, "E"},
		{"closed by the peer", func(c net.Conn) { c.Close() }, "EOF"},
	}
	for _, network := range []string{"tcp", "unix"} {
		for _, tt := range tests {
			t.Run(network+"/"+tt.name, func(t *testing.T) {
				client, server := socketPair(t, network)
				if tt.peer == nil {
					if !quiet(client) {
						t.Fatal("quiet = false on an idle connection, want true")
					}
					return
				}
				tt.peer(server)
				// What the peer did reaches this end soon, not at once.
				for deadline := time.Now().Add(5 * time.Second); quiet(client); time.Sleep(time.Millisecond) {
					if time.Now().After(deadline) {
						t.Fatalf("quiet = true 5 s after the peer acted (%s), want false", tt.name)
					}
				}
				client.SetReadDeadline(time.Now().Add(5 * time.Second))
				b := make([]byte, 1)
				n, err := client.Read(b)
				got := string(b[:n])
				if err == io.EOF {
					got = "EOF"
				} else if err != nil {
					t.Fatal(err)
				}
				if got != tt.read {
					t.Errorf("read after quiet = %q, want %q (nothing taken)", got, tt.read)
				}
			})
		}
	}
}

// TestPoolReplacesStrandedConnection: a pooled connection whose path was
// lost without a word (no end of stream ever comes) is pinged, given up
// after pingTimeout and replaced by a new one, within the caller's
// deadline; pgx alone would wait the whole deadline for its ping.
func TestPoolReplacesStrandedConnection(t *testing.T) {
	url, schema := pgtest.Schema(t)
	outage, proxied := pgtest.NewOutage(t, url)
	s, err := Connect(context.Background(), Config{URL: proxied, Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	// Before Close: pgx gives a stranded session 15 s to end of itself.
	t.Cleanup(outage.Up)
	ctx := context.Background()
	if err := s.pool.Ping(ctx); err != nil { // one connection, idle
		t.Fatal(err)
	}
	outage.Strand()
	// Idle long enough to be pinged: no end of stream tells it is lost.
	time.Sleep(pingIdle + 100*time.Millisecond)
	ctx, cancel := context.WithTimeout(ctx, 3*pingTimeout)
	defer cancel()
	var one int
	if err := s.pool.QueryRow(ctx, "SELECT 1").Scan(&one); err != nil {
		t.Fatalf("query after the connection was stranded: %v, want it served on a new connection", err)
	}
}

// BenchmarkAcquire measures what shouldPing adds to taking a connection
// from the pool and giving it back (the connection idle for less than
// pingIdle, as in a busy pool), against pgx's own rule (a ping only past
// pingIdle) and against a ping on every acquire.
func BenchmarkAcquire(b *testing.B) {
	url, _ := pgtest.Schema(b)
	rules := []struct {
		name string
		rule func(context.Context, pgxpool.ShouldPingParams) bool
	}{
		{"idle-time", func(_ context.Context, p pgxpool.ShouldPingParams) bool { return p.IdleDuration > pingIdle }},
		{"shouldPing", shouldPing},
		{"always", func(context.Context, pgxpool.ShouldPingParams) bool { return true }},
	}
	for _, r := range rules {
		b.Run(r.name, func(b *testing.B) {
			cfg, err := pgxpool.ParseConfig(url)
			if err != nil {
				b.Fatal(err)
			}
			cfg.ShouldPing, cfg.MaxConns = r.rule, 1
			pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
			if err != nil {
				b.Fatal(err)
			}
			defer pool.Close()
			ctx := context.Background()
			for b.Loop() {
				c, err := pool.Acquire(ctx)
				if err != nil {
					b.Fatal(err)
				}
				c.Release()
			}
		})
	}
}
