package telegram

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// startWebhookHarness starts the bot in webhook mode on 127.0.0.1 and
// returns the listener's address once setWebhook went through.
func startWebhookHarness(t *testing.T) (*harness, string) {
	t.Helper()
	h := startHarness(t, harnessOptions{config: func(c *Config) {
		c.WebhookURL = "https://bot.example.org/hook"
		c.ListenAddr = "127.0.0.1:0"
		c.WebhookSecret = "s3cret"
	}})
	var addr string
	select {
	case a := <-h.bot.webhookAddr:
		addr = a.String()
	case <-time.After(waitLong):
		t.Fatal("webhook server did not start")
	}
	for deadline := time.Now().Add(waitLong); !strings.Contains(h.logs.String(), "telegram webhook started"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("webhook never registered")
		}
	}
	return h, addr
}

// postHead opens a connection and sends a POST's head announcing length
// bytes of body, none of them yet.
func postHead(t *testing.T, addr, secret string, length int) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	fmt.Fprintf(conn, "POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n%sContent-Length: %d\r\n\r\n",
		secret, length)
	return conn
}

func TestWebhookBodyLimits(t *testing.T) {
	h, addr := startWebhookHarness(t)
	const fifty = 50 << 20
	tests := []struct {
		name    string
		secret  string
		length  int
		send    int // body bytes sent before reading the answer
		trickle bool
		want    int
	}{
		// Refused at once, its body unread: the old server read the
		// whole 50 MB and logged it.
		{"50 MB body", "X-Telegram-Bot-Api-Secret-Token: s3cret\r\n", fifty, 64 << 10, false, http.StatusRequestEntityTooLarge},
		{"50 MB chunked body", "X-Telegram-Bot-Api-Secret-Token: s3cret\r\n", -1, 0, false, http.StatusRequestEntityTooLarge},
		// A wrong secret trickling its body gets its 401 without the
		// server waiting for the body.
		{"wrong secret trickling", "X-Telegram-Bot-Api-Secret-Token: nope\r\n", 100_000, 0, true, http.StatusUnauthorized},
		{"not an update", "X-Telegram-Bot-Api-Secret-Token: s3cret\r\n", 20, 20, false, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var conn net.Conn
			if tt.length < 0 {
				var err error
				if conn, err = net.Dial("tcp", addr); err != nil {
					t.Fatal(err)
				}
				defer conn.Close()
				fmt.Fprintf(conn, "POST /hook HTTP/1.1\r\nHost: x\r\n%sTransfer-Encoding: chunked\r\n\r\n", tt.secret)
				go func() { // 50 MB in 1 MiB chunks, until the server closes
					chunk := strings.Repeat("{", 1<<20)
					for range 50 {
						if _, err := fmt.Fprintf(conn, "%x\r\n%s\r\n", len(chunk), chunk); err != nil {
							return
						}
					}
				}()
			} else {
				conn = postHead(t, addr, tt.secret, tt.length)
				go func() {
					if tt.trickle {
						for range 100 {
							if _, err := conn.Write([]byte("{")); err != nil {
								return
							}
							time.Sleep(100 * time.Millisecond)
						}
						return
					}
					conn.Write([]byte(strings.Repeat("{", tt.send)))
				}()
			}
			conn.SetReadDeadline(time.Now().Add(3 * time.Second))
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatalf("no answer within 3s: %v", err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.want)
			}
			if !resp.Close {
				t.Error("connection kept alive after a refusal, want it closed (its body unread)")
			}
		})
	}
	logs := h.logs.String()
	if strings.Contains(logs, strings.Repeat("{", 65)) {
		t.Errorf("a refused body was logged beyond a short prefix")
	}
	if !strings.Contains(logs, "webhook body too large") {
		t.Errorf("the refusal was not logged:\n%s", logs)
	}
}

func TestWebhookClosesIdleConnections(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the idle timeout")
	}
	t.Parallel()
	_, addr := startWebhookHarness(t)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /elsewhere HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Close {
		t.Fatal("the 404 closed the connection; want it kept alive to test the idle timeout")
	}
	// Within a minute: the old server kept it open for good.
	conn.SetReadDeadline(time.Now().Add(time.Minute))
	start := time.Now()
	if _, err := io.Copy(io.Discard, conn); err != nil {
		t.Errorf("idle connection not closed within a minute: %v", err)
	}
	t.Logf("idle connection closed after %v", time.Since(start).Round(time.Second))
}
