package metrics

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

// serveLimited serves the metrics routes on 127.0.0.1 within limits until
// the test ends.
func serveLimited(t *testing.T, limits Limits) string {
	t.Helper()
	srv, err := ListenLimits("127.0.0.1:0", New(), NewHealth(), limits)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		srv.Serve(ctx, nil)
		close(done)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	return srv.Addr().String()
}

// closedWithin reports whether the server closes conn within d (a read
// returns EOF or a reset rather than timing out).
func closedWithin(conn net.Conn, d time.Duration) bool {
	conn.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, conn)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		return false
	}
	return true
}

func TestListenDefaultLimits(t *testing.T) {
	srv, err := Listen("127.0.0.1:0", New(), NewHealth())
	if err != nil {
		t.Fatal(err)
	}
	defer srv.ln.Close()
	for name, got := range map[string]time.Duration{
		"ReadHeaderTimeout": srv.srv.ReadHeaderTimeout,
		"ReadTimeout":       srv.srv.ReadTimeout,
		"WriteTimeout":      srv.srv.WriteTimeout,
		"IdleTimeout":       srv.srv.IdleTimeout,
	} {
		if got <= 0 || got > time.Minute {
			t.Errorf("%s = %v, want within (0, 1m]", name, got)
		}
	}
}

func TestServerLimitsOverTCP(t *testing.T) {
	limits := Limits{ReadHeaderTimeout: 300 * time.Millisecond, ReadTimeout: 600 * time.Millisecond,
		WriteTimeout: time.Second, IdleTimeout: 300 * time.Millisecond, MaxConns: 4}
	addr := serveLimited(t, limits)
	dial := func(t *testing.T) net.Conn {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		return conn
	}
	t.Run("idle keep-alive connection closed", func(t *testing.T) {
		conn := dial(t)
		fmt.Fprintf(conn, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.Close {
			t.Fatalf("status %d, close %v; want a kept-alive 200", resp.StatusCode, resp.Close)
		}
		if !closedWithin(conn, 2*time.Second) {
			t.Error("idle keep-alive connection still open after 2s, want closed after the idle timeout")
		}
	})
	t.Run("silent connection closed", func(t *testing.T) {
		if conn := dial(t); !closedWithin(conn, 2*time.Second) {
			t.Error("connection that sends nothing still open after 2s")
		}
	})
	t.Run("trickling body cut", func(t *testing.T) {
		conn := dial(t)
		fmt.Fprintf(conn, "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n")
		stop := make(chan struct{})
		defer close(stop)
		go func() {
			for {
				select {
				case <-stop:
					return
				case <-time.After(50 * time.Millisecond):
					if _, err := conn.Write([]byte("x")); err != nil {
						return
					}
				}
			}
		}()
		if !closedWithin(conn, 3*time.Second) {
			t.Error("a body trickling one byte every 50ms kept its connection for 3s")
		}
	})
}

func TestServerBoundsConnections(t *testing.T) {
	addr := serveLimited(t, Limits{ReadHeaderTimeout: 10 * time.Second, MaxConns: 2})
	var silent []net.Conn
	for range 2 {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		silent = append(silent, conn)
	}
	client := &http.Client{Timeout: 300 * time.Millisecond}
	if resp, err := client.Get("http://" + addr + "/healthz"); err == nil {
		resp.Body.Close()
		t.Fatalf("third connection served while two are held (status %d), want it to wait", resp.StatusCode)
	}
	silent[0].Close()
	client.Timeout = 5 * time.Second
	resp, err := client.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatalf("after one connection closed: %v", err)
	}
	resp.Body.Close()
}
