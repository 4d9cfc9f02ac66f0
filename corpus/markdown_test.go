package corpus

import "testing"

func TestMarkdownText(t *testing.T) {
	tests := []struct {
		name, md, want, h1 string
	}{
		{"emphasis and links", "Le **grand** *jour* et __le__ _soir_ ~~barré~~ [lien](http://x) ![img](y.png) `code`.", "Le grand jour et le soir barré lien code.", ""},
		{"snake_case and 2*3*4 stay", "Le fichier my_file_name et 2*3*4.", "Le fichier my_file_name et 2*3*4.", ""},
		{"first h1 is the title", "# Titre\n\nCorps.", "Corps.", "Titre"},
		{"later headings stay as lines", "Intro.\n# Pas un titre\n## Section ##\nSuite.", "Intro.\n\nPas un titre\n\nSection\n\nSuite.", ""},
		{"setext heading and rule", "Titre\n=====\n\nTexte.\n\n---\n\nFin.", "Titre\n\nTexte.\n\nFin.", ""},
		{"lists, tasks, quotes", "- [x] fait\n* deux\n1. trois\n2) quatre\n> cité\n> > double", "fait\ndeux\ntrois\nquatre\ncité\ndouble", ""},
		{"fence kept as text", "Avant.\n```go\nx := *p\n```\nAprès.", "Avant.\nx := *p\nAprès.", ""},
		{"html and refs", "<div>Bloc</div> <!-- note -->\n[ref]: http://x\nVoir [ceci][ref] et <https://e.org>.", "Bloc\nVoir ceci et https://e.org.", ""},
		{"table", "| a | b |\n|---|:-:|\n| 1 | 2 |", "a b\n1 2", ""},
		{"escapes", `Un \*astérisque\* et \_tiret\_.`, "Un *astérisque* et _tiret_.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, h1 := markdownText(tt.md, true)
			if got != tt.want || h1 != tt.h1 {
				t.Errorf("markdownText(%q)\n got  %q, %q\n want %q, %q", tt.md, got, h1, tt.want, tt.h1)
			}
		})
	}
}
