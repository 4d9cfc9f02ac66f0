package analysis

import "testing"

func TestCleanTitle(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Plain title", "Plain title"},
		{"\u202egnp.exe\u202c report", "gnp.exe report"},
		{"a\u2066b\u2069 \u200fc\u200e  d\u061c", "ab c d"},
		{"عنوان عربي", "عنوان عربي"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := CleanTitle(tt.in); got != tt.want {
			t.Errorf("CleanTitle(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
