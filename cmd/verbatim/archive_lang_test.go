package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"verbatim/internal/golden"
)

// archiveCorpus writes a small fixed corpus into dir for the plain-text
// output of quotes, timeline and check: quotations of one person in three
// languages, an article dated to the month only, and a topic over three
// French articles.
func archiveCorpus(t *testing.T, dir string) {
	t.Helper()
	arts := []map[string]string{
		{"id": "fr", "lang": "fr", "title": "Koursk", "date": "2025-04", "url": "https://example.org/koursk", "text": "Maria Zakharova a salué leur courage. « La Russie n'oubliera jamais ses amis de Corée du Nord », a-t-elle déclaré. « Le pont est réparé depuis hier soir », a dit Iouri Ouchakov."},
		{"id": "ru", "lang": "ru", "title": "Брифинг", "date": "2025-03-02", "text": "На брифинге выступила Мария Захарова. «Мы не допустим эскалации на Украине», — заявила Захарова."},
		{"id": "de", "lang": "de", "title": "Pressekonferenz", "date": "2025-06-10", "text": "Die Sprecherin Maria Sacharowa äußerte sich am Dienstag. „Die Sanktionen schaden Europa selbst“, sagte Sacharowa."},
		{"id": "vg1", "lang": "fr", "title": "Départ du Vendée Globe", "date": "2012-11-10", "text": "Le Vendée Globe est parti des Sables-d'Olonne samedi avec vingt skippers au départ de la course."},
		{"id": "vg2", "lang": "fr", "title": "Abandons au Vendée Globe", "date": "2012-11-12", "url": "https://example.org/vg2", "text": "Deux skippers du Vendée Globe ont abandonné lundi après des collisions avec des chalutiers."},
		{"id": "vg3", "lang": "fr", "title": "Bilan du Vendée Globe", "date": "2013-01", "text": "Le Vendée Globe s'est achevé en janvier avec la victoire de François Gabart aux Sables-d'Olonne."},
	}
	var b strings.Builder
	for _, a := range arts {
		line, _ := json.Marshal(a)
		b.Write(line)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(filepath.Join(dir, "corpus.jsonl"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// archiveChecks are the texts checked by the goldens: exact, altered with
// a negation added and words replaced, altered with a negation removed,
// and not found.
const archiveChecks = "La Russie n'oubliera jamais ses amis de Corée du Nord\n" +
	"Le pont n'est pas réparé depuis ce soir\n" +
	"La Russie oubliera ses amis de Corée du Nord\n" +
	"Le prix du pain a doublé à Lyon depuis le printemps dernier\n"

// TestArchiveGolden keeps the plain text of quotes, timeline and check
// in each language --lang names (run with -update to rewrite
// testdata/quotes_*.txt, timeline_*.txt, check_*.txt).
func TestArchiveGolden(t *testing.T) {
	cdir, idir := t.TempDir(), t.TempDir()
	archiveCorpus(t, cdir)
	env := map[string]string{"INDEX_DIR": idir, "HOME": t.TempDir()}
	runs := []struct {
		command string
		args    [][]string // one run each, with the text on stdin for check
	}{
		{"quotes", [][]string{{"Zakharova"}, {"Zakharova", "Corée"}, {"Guérassimov"}, {"Guérassimov", "Corée", "du", "Nord"}}},
		{"timeline", [][]string{{"Vendée", "Globe"}, {"Vendée Globe en novembre 2012"}, {"Jeux", "olympiques"}}},
		{"check", [][]string{{}}},
	}
	for _, lang := range []string{"fr", "en", "de", "es", "ru"} {
		for _, r := range runs {
			t.Run(r.command+"_"+lang, func(t *testing.T) {
				var b strings.Builder
				for _, args := range r.args {
					stdin := ""
					if r.command == "check" {
						stdin = archiveChecks
					}
					line := append([]string{r.command, "--lang", lang, "--corpus", cdir, "--index", idir}, args...)
					out, stderr, code := runCmd(t, env, stdin, line...)
					if code != 0 {
						t.Fatalf("%v: exit %d: %s", line, code, stderr)
					}
					b.WriteString("=== " + strings.Join(append([]string{r.command}, args...), " ") + "\n" + out)
				}
				golden.Check(t, r.command+"_"+lang+".txt", b.String())
			})
		}
	}
}

// TestArchiveLang checks how quotes, timeline and check choose their
// output's language: --lang first, then the text when it has enough words
// to tell, then LC_ALL, LC_MESSAGES and LANG, then English.
func TestArchiveLang(t *testing.T) {
	cdir, idir := t.TempDir(), t.TempDir()
	archiveCorpus(t, cdir)
	tests := []struct {
		name   string
		env    map[string]string
		args   []string
		want   []string
		reject []string
	}{
		{"timeline, no locale", nil, []string{"timeline", "Vendée", "Globe"}, []string{"Vendée Globe: 3 articles, November 10, 2012 – January 2013", "November 12, 2012 —"}, []string{"novembre"}},
		{"timeline, LANG", map[string]string{"LANG": "de_DE.UTF-8"}, []string{"timeline", "Vendée", "Globe"}, []string{"3 Artikel", "12. November 2012 —"}, nil},
		{"timeline, LC_ALL before LANG", map[string]string{"LC_ALL": "ru_RU.UTF-8", "LANG": "de_DE.UTF-8"}, []string{"timeline", "Vendée", "Globe"}, []string{"3 статьи", "12 ноября 2012 —"}, nil},
		{"timeline, LC_MESSAGES before LANG", map[string]string{"LC_MESSAGES": "es_ES.UTF-8", "LANG": "de_DE.UTF-8"}, []string{"timeline", "Vendée", "Globe"}, []string{"3 artículos", "12 de noviembre de 2012 —"}, nil},
		{"timeline, C locale", map[string]string{"LC_ALL": "C", "LANG": "fr_FR.UTF-8"}, []string{"timeline", "Vendée", "Globe"}, []string{"3 articles, November"}, nil},
		{"timeline, --lang over LANG", map[string]string{"LANG": "de_DE.UTF-8"}, []string{"timeline", "--lang", "fr", "Vendée", "Globe"}, []string{"Vendée Globe : 3 articles, 10 novembre 2012 – janvier 2013"}, []string{"Artikel"}},
		{"timeline, French topic", map[string]string{"LANG": "en_US.UTF-8"}, []string{"timeline", "Vendée Globe en novembre 2012"}, []string{"Vendée Globe en novembre 2012 : 2 articles, 10 – 12 novembre 2012"}, nil},
		{"quotes, short topic", map[string]string{"LANG": "ru_RU.UTF-8"}, []string{"quotes", "Zakharova", "Corée"}, []string{"1 цитата", "апрель 2025"}, nil},
		{"quotes, --lang", map[string]string{"LANG": "ru_RU.UTF-8"}, []string{"quotes", "--lang", "es", "Zakharova"}, []string{"3 citas", "10 de junio de 2025", "abril de 2025"}, []string{"цитат"}},
		{"check, French text", map[string]string{"LANG": "de_DE.UTF-8"}, []string{"check", "La Russie oubliera ses amis de Corée du Nord"}, []string{"Modifié (négation retirée, mots remplacés) : la source dit", "avril 2025"}, []string{"2025-04"}},
		{"check, --lang", map[string]string{"LANG": "de_DE.UTF-8"}, []string{"check", "--lang", "en", "La Russie oubliera ses amis de Corée du Nord"}, []string{"Altered (negation removed, words replaced): the source says", "April 2025"}, []string{"2025-04"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"INDEX_DIR": idir, "HOME": t.TempDir()}
			for k, v := range tt.env {
				env[k] = v
			}
			args := append([]string{tt.args[0], "--corpus", cdir, "--index", idir}, tt.args[1:]...)
			out, stderr, code := runCmd(t, env, "", args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("got\n%s\nwant it to hold %q", out, w)
				}
			}
			for _, r := range tt.reject {
				if strings.Contains(out, r) {
					t.Errorf("got\n%s\nwhich holds %q", out, r)
				}
			}
		})
	}
}

// TestArchiveLangUsage checks that --lang refuses a language the
// terminal does not write, before any index is opened.
func TestArchiveLangUsage(t *testing.T) {
	for _, args := range [][]string{
		{"quotes", "--lang", "it", "Zakharova"},
		{"timeline", "--lang", "xx", "Koursk"},
		{"check", "--lang", "fr_FR", "un texte"},
	} {
		_, stderr, code := runCmd(t, nil, "", append(args, "--corpus", "/does/not/exist")...)
		if code != 2 || !strings.Contains(stderr, "--lang") {
			t.Errorf("%v: exit %d, stderr %q; want 2 and a word on --lang", args, code, stderr)
		}
	}
}
