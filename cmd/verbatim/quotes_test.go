package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// speakerCorpus writes articles quoting Maria Zakharova under the
// spellings of three languages into dir, and returns their texts by id.
func speakerCorpus(t *testing.T, dir string) map[string]string {
	t.Helper()
	arts := []map[string]string{
		{"id": "fr", "lang": "fr", "title": "Koursk", "date": "2025-04-26", "text": "Maria Zakharova a salué leur courage. « La Russie n'oubliera jamais ses amis de Corée du Nord », a-t-elle déclaré. « Le pont est réparé », a dit Iouri Ouchakov."},
		{"id": "ru", "lang": "ru", "title": "Брифинг", "date": "2025-03-02", "text": "На брифинге выступила Мария Захарова. «Мы не допустим эскалации на Украине», — заявила Захарова."},
		{"id": "de", "lang": "de", "title": "Pressekonferenz", "date": "2025-06-10", "text": "Die Sprecherin Maria Sacharowa äußerte sich am Dienstag. „Die Sanktionen schaden Europa selbst“, sagte Sacharowa."},
	}
	var b strings.Builder
	texts := map[string]string{}
	for _, a := range arts {
		line, _ := json.Marshal(a)
		b.Write(line)
		b.WriteByte('\n')
		texts[a["id"]] = a["text"]
	}
	if err := os.WriteFile(filepath.Join(dir, "corpus.jsonl"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return texts
}

// TestQuotesJSON checks verbatim quotes --json: the contract,
// every spelling of the name, newest first, exact article text.
func TestQuotesJSON(t *testing.T) {
	cdir, idir := t.TempDir(), t.TempDir()
	texts := speakerCorpus(t, cdir)
	env := map[string]string{"INDEX_DIR": idir, "HOME": t.TempDir()}
	tests := []struct {
		name string
		args []string
		want []string // doc ids, newest first
	}{
		{"latin", []string{"Zakharova"}, []string{"de", "fr", "ru"}},
		{"cyrillic", []string{"Захарова"}, []string{"de", "fr", "ru"}},
		{"german", []string{"Maria Sacharowa"}, []string{"de", "fr", "ru"}},
		{"name in two arguments", []string{"Maria", "Zakharova"}, []string{"de", "fr", "ru"}},
		{"name in two arguments, topic", []string{"Maria", "Zakharova", "Corée"}, []string{"fr"}},
		{"topic", []string{"Zakharova", "Corée"}, []string{"fr"}},
		{"other speaker", []string{"Ouchakov"}, []string{"fr"}},
		{"nobody", []string{"Guérassimov"}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"quotes", "--json", "--corpus", cdir, "--index", idir}, tt.args...)
			out, stderr, code := runCmd(t, env, "", args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var got struct {
				Speaker string `json:"speaker"`
				Quotes  []struct {
					Speaker string `json:"speaker"`
					Quote   string `json:"quote"`
					DocID   string `json:"doc_id"`
					Title   string `json:"title"`
					Date    string `json:"date"`
				} `json:"quotes"`
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("%v in %q", err, out)
			}
			if got.Quotes == nil {
				t.Fatalf("quotes is null, want a list: %s", out)
			}
			ids := []string{}
			for _, q := range got.Quotes {
				ids = append(ids, q.DocID)
				if !strings.Contains(texts[q.DocID], q.Quote) || q.Quote == "" {
					t.Errorf("quote %q is not text of %s", q.Quote, q.DocID)
				}
				if q.Speaker == "" || q.Title == "" || q.Date == "" {
					t.Errorf("quotation %+v lacks speaker, title or date", q)
				}
			}
			if strings.Join(ids, " ") != strings.Join(tt.want, " ") {
				t.Errorf("sources = %v, want %v", ids, tt.want)
			}
		})
	}
}

func TestQuotesUsage(t *testing.T) {
	if _, _, code := runCmd(t, nil, "", "quotes"); code != 2 {
		t.Errorf("quotes without a name: exit %d, want 2", code)
	}
}
