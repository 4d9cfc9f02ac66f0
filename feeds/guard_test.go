package feeds

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"
)

// fakeResolver answers from a table, as an attacker's DNS would.
type fakeResolver map[string][]netip.Addr

func (r fakeResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	if a, ok := r[host]; ok {
		return a, nil
	}
	return nil, errors.New("no such host")
}

func TestForbidden(t *testing.T) {
	tests := []struct {
		addr string
		want bool
	}{
		{"127.0.0.1", true}, {"10.0.0.1", true}, {"169.254.169.254", true}, {"192.168.1.1", true},
		{"172.16.0.1", true}, {"100.64.0.1", true}, {"0.0.0.0", true}, {"224.0.0.1", true},
		{"255.255.255.255", true}, {"::1", true}, {"fe80::1", true}, {"fc00::1", true}, {"ff02::1", true},
		{"::ffff:127.0.0.1", true}, {"::ffff:10.0.0.1", true},
		// IPv6 forms that wrap an IPv4 address are refused whole.
		{"::7f00:1", true}, {"::a00:1", true}, {"::808:808", true}, // IPv4-compatible ::/96
		{"::ffff:8.8.8.8", true},                              // IPv4-mapped, judged only once unmapped
		{"::ffff:0:7f00:1", true}, {"::ffff:0:808:808", true}, // IPv4-translated ::ffff:0:0:0/96
		{"2001:0:4136:e378:8000:63bf:3fff:fdd2", true}, {"2001::1", true}, // Teredo 2001::/32
		{"192.88.99.1", true}, {"192.88.99.255", true}, // 6to4 relay anycast
		{"2002:7f00:1::1", true}, {"2002:a00:1::", true}, // 6to4 wrapping loopback, private
		{"64:ff9b::7f00:1", true}, // NAT64 wrapping loopback
		{"93.184.216.34", false}, {"2606:4700::1111", false}, {"8.8.8.8", false},
		{"192.88.98.1", false}, {"192.88.100.1", false}, {"2001:4860:4860::8888", false}, {"2a00:1450::1", false},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			if got := Forbidden(netip.MustParseAddr(tt.addr)); got != tt.want {
				t.Errorf("Forbidden(%s) = %v, want %v", tt.addr, got, tt.want)
			}
		})
	}
}

// TestFetchRefusesPrivateAddresses checks the SSRF rule end to end through
// the HTTP client: literal private addresses, names resolving to them, and
// a redirect from an allowed site to a private one are refused before any
// connection; FEEDS_ALLOW_PRIVATE (AllowPrivate) lets them through.
func TestFetchRefusesPrivateAddresses(t *testing.T) {
	var hits int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		switch r.URL.Path {
		case "/to-private":
			http.Redirect(w, r, "http://intranet.example:"+r.Host[strings.LastIndex(r.Host, ":")+1:]+"/secret", http.StatusFound)
		case "/to-metadata":
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
		default:
			w.Write([]byte("ok"))
		}
	}))
	defer srv.Close()
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	resolver := fakeResolver{
		"public.example":   {netip.MustParseAddr("127.0.0.1")},
		"intranet.example": {netip.MustParseAddr("10.0.0.1")},
		"rebind.example":   {netip.MustParseAddr("169.254.169.254")},
		"loop.example":     {netip.MustParseAddr("127.0.0.1")},
	}
	// The test server listens on 127.0.0.1, so the guard is told that this
	// one address (reached as public.example) is public; every other
	// non-public address stays refused.
	publicServer := func(host string) func(netip.Addr) bool {
		return func(a netip.Addr) bool {
			return Forbidden(a) && !(host == "public" && a == netip.MustParseAddr("127.0.0.1"))
		}
	}
	newFetcher := func(allowPrivate bool, policy func(netip.Addr) bool) *Fetcher {
		f := NewFetcher(FetcherConfig{UserAgent: "verbatim-test", AllowPrivate: allowPrivate, Resolver: resolver, HostDelay: -1, Timeout: 5 * time.Second})
		f.dialer.forbidden = policy
		return f
	}
	tests := []struct {
		name         string
		url          string
		allowPrivate bool
		policy       func(netip.Addr) bool
		refused      bool
	}{
		{"loopback literal", "http://127.0.0.1:" + port + "/", false, nil, true},
		{"private literal", "http://10.0.0.1:" + port + "/", false, nil, true},
		{"cloud metadata literal", "http://169.254.169.254/latest/meta-data/", false, nil, true},
		{"name resolving to loopback", "http://loop.example:" + port + "/", false, nil, true},
		{"name resolving to link-local", "http://rebind.example/", false, nil, true},
		{"public site redirecting to a private name", "http://public.example:" + port + "/to-private", false, publicServer("public"), true},
		{"public site redirecting to the metadata service", "http://public.example:" + port + "/to-metadata", false, publicServer("public"), true},
		{"public site itself", "http://public.example:" + port + "/page", false, publicServer("public"), false},
		{"loopback allowed by FEEDS_ALLOW_PRIVATE", "http://127.0.0.1:" + port + "/", true, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFetcher(tt.allowPrivate, tt.policy)
			_, err := f.Get(t.Context(), tt.url, Conditional{})
			var fe *ForbiddenError
			if got := errors.As(err, &fe); got != tt.refused {
				t.Fatalf("Get(%s) error = %v; refused = %v, want %v", tt.url, err, got, tt.refused)
			}
		})
	}
	if hits == 0 {
		t.Error("the allowed requests never reached the server")
	}
}

// TestFetchLimits checks the redirect limit, the size limit and the
// conditional GET.
func TestFetchLimits(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case "/big":
			w.Write([]byte(strings.Repeat("x", 2048)))
		case "/etag":
			if r.Header.Get("If-None-Match") == `"v1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", `"v1"`)
			w.Write([]byte("body"))
		}
	}))
	defer srv.Close()
	f := NewFetcher(FetcherConfig{UserAgent: "verbatim-test", AllowPrivate: true, HostDelay: -1, MaxBytes: 1024})
	if _, err := f.Get(t.Context(), srv.URL+"/loop", Conditional{}); err == nil || !strings.Contains(err.Error(), "redirects") {
		t.Errorf("redirect loop: error = %v, want a redirect limit", err)
	}
	var tl *TooLargeError
	if _, err := f.Get(t.Context(), srv.URL+"/big", Conditional{}); !errors.As(err, &tl) {
		t.Errorf("big body: error = %v, want TooLargeError", err)
	}
	first, err := f.Get(t.Context(), srv.URL+"/etag", Conditional{})
	if err != nil || first.ETag != `"v1"` || string(first.Body) != "body" {
		t.Fatalf("first GET = %+v, %v", first, err)
	}
	second, err := f.Get(t.Context(), srv.URL+"/etag", Conditional{ETag: first.ETag})
	if err != nil || !second.NotModified {
		t.Errorf("conditional GET = %+v, %v; want not modified", second, err)
	}
	if _, err := f.Get(t.Context(), "file:///etc/passwd", Conditional{}); err == nil {
		t.Error("file URL accepted")
	}
}

// TestHostPoliteness checks that requests to one host never overlap and
// are spaced by the delay.
func TestHostPoliteness(t *testing.T) {
	var inFlight, maxInFlight int
	var last time.Time
	var minGap time.Duration = time.Hour
	mu := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu <- struct{}{}
		inFlight++
		if inFlight > maxInFlight {
			maxInFlight = inFlight
		}
		if !last.IsZero() && time.Since(last) < minGap {
			minGap = time.Since(last)
		}
		<-mu
		time.Sleep(5 * time.Millisecond)
		mu <- struct{}{}
		inFlight--
		last = time.Now()
		<-mu
	}))
	defer srv.Close()
	const delay = 30 * time.Millisecond
	f := NewFetcher(FetcherConfig{UserAgent: "verbatim-test", AllowPrivate: true, HostDelay: delay})
	done := make(chan struct{})
	for i := 0; i < 4; i++ {
		go func() {
			defer func() { done <- struct{}{} }()
			f.Get(t.Context(), srv.URL+"/", Conditional{})
		}()
	}
	for i := 0; i < 4; i++ {
		<-done
	}
	if maxInFlight != 1 {
		t.Errorf("requests in flight at once = %d, want 1", maxInFlight)
	}
	if minGap < delay {
		t.Errorf("smallest gap between requests = %v, want at least %v", minGap, delay)
	}
}

func TestFetchTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	f := NewFetcher(FetcherConfig{UserAgent: "verbatim-test", AllowPrivate: true, HostDelay: -1, Timeout: 100 * time.Millisecond})
	if _, err := f.Get(t.Context(), srv.URL+"/slow", Conditional{}); err == nil {
		t.Error("a server that never answers: no error, want a timeout")
	}
}
