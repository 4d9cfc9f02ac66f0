package openaiapi

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"verbatim/retrieval/retry"
)

// TestNewClient checks the three things every caller relies on: the base
// URL is used, the key is sent, and a 503 is retried.
func TestNewClient(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if got := r.Header.Get("Authorization"); got != "Bearer sk-test" {
			t.Errorf("got Authorization %q, want the key", got)
		}
		if r.URL.Path != "/v1/models" {
			t.Errorf("got path %q, want /v1/models under the base URL", r.URL.Path)
		}
		if calls.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(w, `{"object":"list","data":[{"id":"m1","object":"model"}]}`)
	}))
	defer srv.Close()
	// A retry.Transport given is kept as it is: here one that does not
	// wait between attempts.
	hc := &http.Client{Transport: &retry.Transport{Sleep: func(context.Context, time.Duration) error { return nil }}}
	c := NewClient("sk-test", srv.URL+"/v1", hc, nil)
	list, err := c.ListModels(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Models) != 1 || list.Models[0].ID != "m1" || calls.Load() != 2 {
		t.Errorf("got %+v after %d calls, want model m1 after one retry", list.Models, calls.Load())
	}
}
