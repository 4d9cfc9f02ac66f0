package corpus

import "testing"

// TestSentencesSeed checks analysis.Sentences, through Sentences, on the
// seed article.
func TestSentencesSeed(t *testing.T) {
	b, err := seedFS.ReadFile("seed/000_15dfc289bfd79999.txt")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	var got []string
	for _, sp := range Sentences(text) {
		got = append(got, text[sp[0]:sp[1]])
	}
	for _, want := range []string{
		"Selon lui, les pertes des militaires ukrainiens s’élèvent à plus de 76 000 tués et blessés.",
		"Entente russo-américaine",
		"« En ce qui concerne la crise ukrainienne, il s’agissait en particulier de la possibilité de reprendre les négociations directes entre des représentants russes et ukrainiens » a ajouté I. Ouchakov.",
		"En début d’après-midi, le Kremlin avait annoncé sur sa chaîne Telegram le début des pourparlers entre V. Poutine et S. Witkoff, accompagnant ce message d’une vidéo montrant une poignée de main entre les deux hommes.",
	} {
		found := false
		for _, s := range got {
			if s == want {
				found = true
			}
		}
		if !found {
			t.Errorf("seed sentences lack %q", want)
		}
	}
	if len(got) != 26 {
		t.Errorf("seed has %d sentences, want 26", len(got))
	}
}
