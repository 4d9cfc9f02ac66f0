package main

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestEachInput checks the input loop that ask and check share: the
// command-line text, else each non-blank stdin line, and the command's
// usage error when there is neither.
func TestEachInput(t *testing.T) {
	errNone, errStop := errors.New("none"), errors.New("stop")
	tests := []struct {
		name, single, stdin string
		stopAt              string
		want                []string
		wantErr             error
	}{
		{"command line wins over stdin", "qui a dit", "a\nb\n", "", []string{"qui a dit"}, nil},
		{"stdin lines trimmed, blanks skipped", "", "  a \n\n\t\nb\n", "", []string{"a", "b"}, nil},
		{"nothing at all", "", " \n\n", "", nil, errNone},
		{"an error stops the loop", "", "a\nb\nc\n", "b", []string{"a", "b"}, errStop},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			err := eachInput(tt.single, strings.NewReader(tt.stdin), errNone, func(text string) error {
				got = append(got, text)
				if text == tt.stopAt {
					return errStop
				}
				return nil
			})
			if !slices.Equal(got, tt.want) || !errors.Is(err, tt.wantErr) {
				t.Errorf("got %q, %v; want %q, %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}
