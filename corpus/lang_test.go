package corpus

import (
	"strings"
	"testing"
)

func TestDetectLang(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"fr question", "Quand Guérassimov a-t-il annoncé la fin de l'opération de Koursk ?", "fr"},
		{"en question", "When did the war end?", "en"},
		{"fr short", "Qui a signé l’accord ?", "fr"},
		{"fr dit", "Que dit Zakharova ?", "fr"},
		{"fr no accents", "Combien de soldats sont morts", "fr"},
		{"en short", "Who signed the agreement?", "en"},
		{"en statement", "The council voted the budget on Saturday.", "en"},
		{"fr text", "Le leader russe a également affirmé que les relations d’amitié, de bon voisinage et de coopération entre la Russie et la Corée du Nord continueront à se développer.", "fr"},
		{"en text", "Super Bowl 50 was an American football game to determine the champion of the National Football League for the 2015 season.", "en"},
		{"de", "Der Bundestag hat am Freitag das neue Gesetz beschlossen, und die Regierung will es schnell umsetzen.", "de"},
		{"de question", "Wann wurde das Gesetz beschlossen?", "de"},
		{"de short", "Was sagte Gerassimow?", "de"},
		{"es short", "Que dijo Zajárova?", "es"},
		{"es short accent", "¿Qué dijo Putin?", "es"},
		{"ru short", "Что сказал Песков?", "ru"},
		{"es", "El gobierno anunció que las elecciones se celebrarán en mayo, según el presidente del país.", "es"},
		{"es question", "¿Cuándo terminó la guerra?", "es"},
		{"it", "Il governo ha annunciato che le elezioni si terranno a maggio, secondo il presidente della Repubblica.", "it"},
		{"it question", "Quando è finita la guerra?", "it"},
		{"pt", "O governo anunciou que as eleições serão realizadas em maio, segundo o presidente da república.", "pt"},
		{"nl", "De regering heeft aangekondigd dat de verkiezingen in mei worden gehouden, volgens de premier.", "nl"},
		{"ru", "Президент России Владимир Путин поблагодарил северокорейских военных.", "ru"},
		{"ru question", "Когда закончилась война?", "ru"},
		{"uk", "Президент України заявив, що переговори продовжаться і є надія.", "uk"},
		{"el", "Η κυβέρνηση ανακοίνωσε νέα μέτρα.", "el"},
		{"ja", "東京で会議が開かれました。", "ja"},
		{"zh", "会议在北京举行。", "zh"},
		{"empty", "", ""},
		{"punctuation", "?!... 123", ""},
		{"one unknown word", "Koursk", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DetectLang(tt.text); got != tt.want {
				t.Errorf("DetectLang(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestDetectLangLongText(t *testing.T) {
	// Only the start counts: a French opening followed by a lot of English
	// is still French, and a cut inside a rune does not break anything.
	fr := strings.Repeat("Le président de la République a parlé aux journalistes à l’Élysée. ", 40)
	en := strings.Repeat("The president spoke to the reporters at the White House. ", 200)
	if got := DetectLang(fr + en); got != "fr" {
		t.Errorf("DetectLang(fr+en) = %q, want fr", got)
	}
	if got := DetectLang(en + fr); got != "en" {
		t.Errorf("DetectLang(en+fr) = %q, want en", got)
	}
}

func BenchmarkDetectLang(b *testing.B) {
	text := strings.Repeat("Le leader russe a également affirmé que les relations d’amitié continueront. ", 100)
	for b.Loop() {
		DetectLang(text)
	}
}

func TestDetectLangPrior(t *testing.T) {
	tests := []struct {
		text   string
		priors []string
		want   string
	}{
		{"Que dit Zakharova ?", []string{"fr"}, "fr"},
		{"Die Panthers ?", []string{"de"}, "de"},
		{"What did Putin say?", []string{"fr"}, "en"},
		{"Was sagte Putin über die Soldaten?", []string{"en"}, "de"},
		{"Qui a signé l’accord ?", []string{"en", "fr"}, "fr"},
		{"¿De qué tareas se encargarán los soldados franceses que sigan en Afganistán después de finales de 2012?", []string{"fr"}, "es"},
		{"¿Cuántos productos cosméticos fabricará en 2013 la nueva planta de L'Oréal en Indonesia?", []string{"fr"}, "es"},
		{"¿Y Putin?", []string{"fr"}, "es"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := DetectLangPrior(tt.text, tt.priors); got != tt.want {
				t.Errorf("DetectLangPrior(%q, %q) = %q, want %q", tt.text, tt.priors, got, tt.want)
			}
		})
	}
}
