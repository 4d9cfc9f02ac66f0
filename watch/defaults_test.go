package watch

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"verbatim/bot"
)

// TestEngineDefaults checks that NewEngine gives unset and negative
// durations and counts their defaults and keeps positive ones.
func TestEngineDefaults(t *testing.T) {
	store, err := OpenBolt(filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	base := Config{Store: store, Consumer: "test",
		NewCore: func(lib bot.Library) *bot.Core { return bot.NewCore(lib, bot.Config{}) },
		Deliver: func(context.Context, Alert) error { return nil }}
	type knobs struct {
		window, minInterval, resendAfter time.Duration
		background, perChatHour          int
	}
	defaults := knobs{2 * time.Minute, 10 * time.Minute, 2 * time.Minute, 40, 20}
	tests := []struct {
		name      string
		set, want knobs
	}{
		{"unset", knobs{}, defaults},
		{"negative", knobs{-1, -time.Second, -1, -3, -1}, defaults},
		{"set", knobs{time.Minute, time.Hour, 5 * time.Second, 7, 3}, knobs{time.Minute, time.Hour, 5 * time.Second, 7, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := base
			cfg.Window, cfg.MinInterval, cfg.ResendAfter = tt.set.window, tt.set.minInterval, tt.set.resendAfter
			cfg.Background, cfg.PerChatHour = tt.set.background, tt.set.perChatHour
			e, err := NewEngine(cfg)
			if err != nil {
				t.Fatal(err)
			}
			got := knobs{e.cfg.Window, e.cfg.MinInterval, e.cfg.ResendAfter, e.cfg.Background, e.cfg.PerChatHour}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
