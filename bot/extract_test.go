package bot

import (
	"reflect"
	"testing"
)

func TestBalancedSentences(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{
			name: "a French quotation over two sentences is one",
			text: "« Nous partons. Demain », a-t-il dit. Fin.",
			want: []string{"« Nous partons. Demain », a-t-il dit.", "Fin."},
		},
		{
			name: "an English quotation over two sentences is one",
			text: "He said, “Resign. Now.” Then he left. It rained.",
			want: []string{"He said, “Resign. Now.”", "Then he left.", "It rained."},
		},
		{
			name: "a sentence that closes more than is open is not joined",
			text: "Il dit « oui. Puis » non » encore. Fin.",
			want: []string{"Il dit « oui.", "Puis » non » encore.", "Fin."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, sp := range balancedSentences(tt.text) {
				got = append(got, tt.text[sp[0]:sp[1]])
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("balancedSentences(%q)\n got  %q\n want %q", tt.text, got, tt.want)
			}
		})
	}
}
