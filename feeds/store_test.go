package feeds

import "testing"

func TestSlug(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"Élections : 1er tour", 40, "elections-1er-tour"},
		{"  L'été – « chaud »  ", 40, "l-ete-chaud"},
		{"", 40, "untitled"},
		{"日本語", 40, "untitled"},
		{"a very long title that goes on and on", 12, "a-very-long"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := slug(tt.in, tt.max); got != tt.want {
				t.Errorf("slug(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestEarlier(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"2025-02-10", "2025-02-11", true},
		{"2025-02-11", "2025-02-10", false},
		{"2025-02-10", "", true},
		{"", "2025-02-10", false},
		{"2025-02", "2025-02-10", true},
		{"garbage", "2025-02-10", false},
	}
	for _, tt := range tests {
		if got := earlier(tt.a, tt.b); got != tt.want {
			t.Errorf("earlier(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
