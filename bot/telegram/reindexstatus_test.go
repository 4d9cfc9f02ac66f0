package telegram

import (
	"strings"
	"testing"
	"time"
)

// TestStatsReindexStatus: with a shared index, /stats tells admins of a
// reindex running elsewhere or of the last one that failed.
func TestStatsReindexStatus(t *testing.T) {
	at := time.Date(2026, 12, 1, 3, 40, 0, 0, time.UTC)
	tests := []struct {
		name   string
		status ReindexStatus
		lang   string
		want   string
		absent string
	}{
		{name: "running", status: ReindexStatus{Running: at}, lang: "en", want: "Reindex running since 2026-12-01 03:40 UTC"},
		{name: "failed", status: ReindexStatus{Failed: at, Why: "embed chunks: 429"}, lang: "en",
			want: "Last reindex failed at 2026-12-01 03:40 UTC (the previous index keeps serving): embed chunks: 429"},
		{name: "failed, in French", status: ReindexStatus{Failed: at, Why: "embed chunks: 429"}, lang: "fr",
			want: "Dernière réindexation échouée à 2026-12-01 03:40 UTC"},
		{name: "last one published", status: ReindexStatus{}, lang: "en", absent: "eindex"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := startHarness(t, harnessOptions{config: func(c *Config) {
				c.ReindexStatus = func() ReindexStatus { return tt.status }
			}})
			got := h.ask(t, 1, "private", user(1, tt.lang), "/stats", nil).Params["text"]
			if tt.want != "" && !strings.Contains(got, tt.want) {
				t.Errorf("/stats = %q, want it to contain %q", got, tt.want)
			}
			if tt.absent != "" && strings.Contains(got, tt.absent) {
				t.Errorf("/stats = %q, want no %q", got, tt.absent)
			}
		})
	}
}
