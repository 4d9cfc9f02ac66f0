package retry

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// recorder is an httptest handler that answers with a scripted sequence of
// statuses and records the bodies it received.
type recorder struct {
	mu       sync.Mutex
	statuses []int
	headers  []http.Header
	bodies   []string
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	b, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	n := len(r.bodies)
	r.bodies = append(r.bodies, string(b))
	status := http.StatusOK
	if n < len(r.statuses) {
		status = r.statuses[n]
	} else if len(r.statuses) > 0 && r.statuses[len(r.statuses)-1] != http.StatusOK {
		status = r.statuses[len(r.statuses)-1]
	}
	var h http.Header
	if n < len(r.headers) {
		h = r.headers[n]
	}
	r.mu.Unlock()
	for k, v := range h {
		w.Header()[k] = v
	}
	w.WriteHeader(status)
	if status == http.StatusOK {
		io.WriteString(w, "ok")
	} else {
		io.WriteString(w, `{"error":{"message":"try later"}}`)
	}
}

func (r *recorder) calls() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.bodies)
}

// sleeps records requested waits without waiting.
type sleeps struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	s.mu.Unlock()
	return ctx.Err()
}

func TestTransportRetries(t *testing.T) {
	tests := []struct {
		name       string
		statuses   []int
		headers    []http.Header
		attempts   int
		wantStatus int
		wantCalls  int
		wantWaits  []time.Duration // nil: only the count is checked
	}{
		{
			name:       "429 with Retry-After seconds then 200",
			statuses:   []int{429, 200},
			headers:    []http.Header{{"Retry-After": {"7"}}},
			wantStatus: 200,
			wantCalls:  2,
			wantWaits:  []time.Duration{7 * time.Second},
		},
		{
			name:       "Retry-After capped at MaxDelay",
			statuses:   []int{503, 200},
			headers:    []http.Header{{"Retry-After": {"3600"}}},
			wantStatus: 200,
			wantCalls:  2,
			wantWaits:  []time.Duration{10 * time.Second},
		},
		{
			name:       "repeated 503 returns the last 503",
			statuses:   []int{503},
			attempts:   3,
			wantStatus: 503,
			wantCalls:  3,
		},
		{
			name:       "default attempts is 4",
			statuses:   []int{502},
			wantStatus: 502,
			wantCalls:  4,
		},
		{
			name:       "400 is not retried",
			statuses:   []int{400, 200},
			wantStatus: 400,
			wantCalls:  1,
		},
		{
			name:       "401 is not retried",
			statuses:   []int{401, 200},
			wantStatus: 401,
			wantCalls:  1,
		},
		{
			name:       "500 then 504 then 200",
			statuses:   []int{500, 504, 200},
			wantStatus: 200,
			wantCalls:  3,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{statuses: tt.statuses, headers: tt.headers}
			srv := httptest.NewServer(rec)
			defer srv.Close()
			sl := &sleeps{}
			client := &http.Client{Transport: &Transport{
				Attempts: tt.attempts, MaxDelay: 10 * time.Second, Sleep: sl.sleep,
			}}
			resp, err := client.Get(srv.URL)
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status = %d, want %d (body %q)", resp.StatusCode, tt.wantStatus, body)
			}
			if tt.wantStatus != 200 && !strings.Contains(string(body), "try later") {
				t.Errorf("final failing body = %q, want the server's error body", body)
			}
			if got := rec.calls(); got != tt.wantCalls {
				t.Errorf("calls = %d, want %d", got, tt.wantCalls)
			}
			if got, want := len(sl.waits), tt.wantCalls-1; got != want {
				t.Errorf("waits = %v, want %d of them", sl.waits, want)
			}
			if tt.wantWaits != nil {
				for i, w := range tt.wantWaits {
					if i < len(sl.waits) && sl.waits[i] != w {
						t.Errorf("wait %d = %v, want %v", i, sl.waits[i], w)
					}
				}
			}
		})
	}
}

func TestTransportBackoffGrows(t *testing.T) {
	rec := &recorder{statuses: []int{503}}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	sl := &sleeps{}
	client := &http.Client{Transport: &Transport{
		Attempts: 5, BaseDelay: 100 * time.Millisecond, MaxDelay: 500 * time.Millisecond, Sleep: sl.sleep,
	}}
	resp, err := client.Get(srv.URL)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	resp.Body.Close()
	// Backoff for retry i is in [d/2, d] with d = 100ms << i, capped at 500ms.
	caps := []time.Duration{100, 200, 400, 500}
	if len(sl.waits) != len(caps) {
		t.Fatalf("waits = %v, want %d", sl.waits, len(caps))
	}
	for i, c := range caps {
		hi := c * time.Millisecond
		if w := sl.waits[i]; w < hi/2 || w > hi {
			t.Errorf("wait %d = %v, want within [%v, %v]", i, w, hi/2, hi)
		}
	}
}

func TestTransportResendsBody(t *testing.T) {
	rec := &recorder{statuses: []int{429, 500, 200}}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	sl := &sleeps{}
	client := &http.Client{Transport: &Transport{Sleep: sl.sleep}}
	payload := `{"model":"m","input":["a","b"]}`
	resp, err := client.Post(srv.URL, "application/json", bytes.NewReader([]byte(payload)))
	if err != nil {
		t.Fatalf("Post: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status = %d, want 200", resp.StatusCode)
	}
	if len(rec.bodies) != 3 {
		t.Fatalf("calls = %d, want 3", len(rec.bodies))
	}
	for i, b := range rec.bodies {
		if b != payload {
			t.Errorf("body %d = %q, want %q", i, b, payload)
		}
	}
}

func TestTransportContextCancelStops(t *testing.T) {
	rec := &recorder{statuses: []int{503}}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	// The first wait cancels the context, as a user pressing Ctrl-C would.
	sleep := func(ctx context.Context, d time.Duration) error {
		cancel()
		return ctx.Err()
	}
	client := &http.Client{Transport: &Transport{Attempts: 10, Sleep: sleep}}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	resp, err := client.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("Do succeeded with status %d, want a cancellation error", resp.StatusCode)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if got := rec.calls(); got != 1 {
		t.Errorf("calls = %d, want 1", got)
	}
}

func TestTransportRealSleepHonoursContext(t *testing.T) {
	rec := &recorder{statuses: []int{503}}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	client := &http.Client{Transport: &Transport{BaseDelay: time.Hour, MaxDelay: time.Hour}}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	resp, err := client.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatal("Do succeeded, want the context deadline to stop the wait")
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want context.DeadlineExceeded", err)
	}
}

func TestTransportRetriesConnectionErrors(t *testing.T) {
	// A server that accepts then drops the first connection without answering.
	var mu sync.Mutex
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		first := n == 1
		mu.Unlock()
		if first {
			hj, ok := w.(http.Hijacker)
			if !ok {
				t.Error("server cannot hijack")
				return
			}
			conn, _, _ := hj.Hijack()
			conn.Close()
			return
		}
		io.WriteString(w, "ok")
	}))
	defer srv.Close()
	sl := &sleeps{}
	base := srv.Client().Transport.(*http.Transport).Clone()
	base.DisableKeepAlives = true
	client := &http.Client{Transport: &Transport{Base: base, Sleep: sl.sleep}}
	resp, err := client.Get(srv.URL)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("status = %d, want 200", resp.StatusCode)
	}
	if len(sl.waits) != 1 {
		t.Errorf("waits = %v, want one retry", sl.waits)
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2025, 4, 26, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"", 0, false},
		{"5", 5 * time.Second, true},
		{"0", 0, true},
		{"1.5", 1500 * time.Millisecond, true},
		{"-3", 0, false},
		{"soon", 0, false},
		{now.Add(30 * time.Second).Format(http.TimeFormat), 30 * time.Second, true},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := RetryAfter(tt.in, now)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("RetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}
