package corpus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	xunicode "golang.org/x/text/encoding/unicode"
)

// encode returns s in enc, failing the test when enc cannot encode it.
func encode(t *testing.T, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode %q: %v", s, err)
	}
	return b
}

// fusee is about 3,000 bytes of good French UTF-8, as in the issue.
var fusee = strings.Repeat("La fusée Falcon 9, développée par SpaceX, a décollé à l'heure prévue. ", 40)

const (
	russian = "Президент заявил, что переговоры продолжатся в среду в Москве."
	tokyo   = "東京の株価は三日続けて上昇した。"
)

// TestLoadDecoding loads files of t.TempDir through LoadPath, the loader's
// entry point, and checks that no character is invented: valid UTF-8 is
// kept, a stray byte is replaced and reported (never read as
// Windows-1252), byte-order marks and declared charsets are honoured, and
// undecodable files are skipped with a reason.
func TestLoadDecoding(t *testing.T) {
	tests := []struct {
		name        string
		file        string
		data        func(t *testing.T) []byte
		wantText    []string // substrings of the article's text
		notText     []string // substrings the text must not hold
		wantWarning string   // substring of the file's warning; "" none
		wantSkip    string   // substring of the skip reason; "" loaded
	}{
		{
			name:        "stray byte in utf-8 replaced, not mojibake",
			file:        "fusee.txt",
			data:        func(*testing.T) []byte { return append([]byte(fusee[:1500]), append([]byte{0xff}, fusee[1500:]...)...) },
			wantText:    []string{"La fusée Falcon 9, développée par SpaceX", "\uFFFD"},
			notText:     []string{"Ã", "Â", "ÿ"},
			wantWarning: "1 invalid byte sequence(s) replaced by U+FFFD (read as utf-8)",
		},
		{
			name:     "valid utf-8 kept as is, no warning",
			file:     "ok.md",
			data:     func(*testing.T) []byte { return []byte("# Titre\n\n" + fusee) },
			wantText: []string{"La fusée Falcon 9"},
		},
		{
			name: "utf-16 big endian with a BOM",
			file: "be.txt",
			data: func(t *testing.T) []byte {
				return encode(t, xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM), russian)
			},
			wantText: []string{russian},
		},
		{
			name: "utf-8 BOM beats a declared charset",
			file: "bom.html",
			data: func(*testing.T) []byte {
				return []byte("\xEF\xBB\xBF<html><head><meta charset=\"windows-1251\"></head><body><p>" + russian + "</p></body></html>")
			},
			wantText: []string{russian},
		},
		{
			name: "html declaring windows-1251",
			file: "ru.html",
			data: func(t *testing.T) []byte {
				return append([]byte(`<html><head><meta charset="windows-1251"><title>Т</title></head><body><p>`), append(encode(t, charmap.Windows1251, russian), "</p></body></html>"...)...)
			},
			wantText: []string{russian},
		},
		{
			name: "html declaring shift_jis by http-equiv",
			file: "ja.htm",
			data: func(t *testing.T) []byte {
				return append([]byte(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"></head><body><p>`), append(encode(t, japanese.ShiftJIS, tokyo), "</p></body></html>"...)...)
			},
			wantText: []string{tokyo},
		},
		{
			name: "xhtml declaring its encoding in the xml declaration",
			file: "ru.xhtml",
			data: func(t *testing.T) []byte {
				return append([]byte(`<?xml version="1.0" encoding="windows-1251"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>`), append(encode(t, charmap.Windows1251, russian), "</p></body></html>"...)...)
			},
			wantText: []string{russian},
		},
		{
			name:        "legacy windows-1252 without any utf-8 is read and reported as a guess",
			file:        "latin.txt",
			data:        func(*testing.T) []byte { return []byte("L'\xe9t\xe9 \x96 \x93chaud\x94 \xe0 Gen\xe8ve.") },
			wantText:    []string{"L'été – “chaud” à Genève."},
			wantWarning: "read as windows-1252",
		},
		{
			name: "html declaring utf-8 with bytes that are not",
			file: "bad.html",
			data: func(*testing.T) []byte {
				return []byte("<html><head><meta charset=utf-8></head><body><p>\x81\x8d\x8f\x90\x9d\xff\xfe\xfd\x81\x8d</p></body></html>")
			},
			wantSkip: "not valid UTF-8 text",
		},
		{
			name:     "binary content",
			file:     "blob.txt",
			data:     func(*testing.T) []byte { return []byte("GIF89a\x00\x01\x02\x03") },
			wantSkip: "binary content",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, tt.file), tt.data(t), 0o644); err != nil {
				t.Fatal(err)
			}
			res, err := LoadPath(t.Context(), dir, LoadOptions{})
			if err != nil {
				t.Fatalf("LoadPath: %v", err)
			}
			if tt.wantSkip != "" {
				if len(res.Skipped) != 1 || res.Skipped[0].Path != tt.file || !strings.Contains(res.Skipped[0].Reason, tt.wantSkip) {
					t.Fatalf("skipped = %+v, want %s skipped for %q", res.Skipped, tt.file, tt.wantSkip)
				}
				return
			}
			if len(res.Articles) != 1 {
				t.Fatalf("got %d articles (skipped %+v), want 1", len(res.Articles), res.Skipped)
			}
			text := res.Articles[0].Text
			for _, w := range tt.wantText {
				if !strings.Contains(text, w) {
					t.Errorf("text misses %q:\n%.300s", w, text)
				}
			}
			for _, w := range tt.notText {
				if strings.Contains(text, w) {
					t.Errorf("text holds invented %q:\n%.300s", w, text)
				}
			}
			switch {
			case tt.wantWarning == "" && len(res.Warnings) != 0:
				t.Errorf("warnings = %+v, want none", res.Warnings)
			case tt.wantWarning != "" && (len(res.Warnings) != 1 || res.Warnings[0].Path != tt.file || !strings.Contains(res.Warnings[0].Message, tt.wantWarning)):
				t.Errorf("warnings = %+v, want one for %s with %q", res.Warnings, tt.file, tt.wantWarning)
			}
		})
	}
}

func TestDecodeContentType(t *testing.T) {
	tests := []struct {
		name         string
		body         func(t *testing.T) []byte
		contentType  string
		want         string
		wantCharset  string
		wantReplaced int
	}{
		{"http charset windows-1251", func(t *testing.T) []byte { return encode(t, charmap.Windows1251, russian) }, "text/html; charset=windows-1251", russian, "windows-1251", 0},
		{"http charset beats meta", func(t *testing.T) []byte {
			return append([]byte(`<meta charset="utf-8">`), encode(t, japanese.ShiftJIS, tokyo)...)
		}, "text/html; charset=\"shift_jis\"", `<meta charset="utf-8">` + tokyo, "shift_jis", 0},
		{"iana alias cp1251", func(t *testing.T) []byte { return encode(t, charmap.Windows1251, russian) }, "text/plain; charset=cp1251", russian, "windows-1251", 0},
		{"latin1 is windows-1252", func(*testing.T) []byte { return []byte("\x93caf\xe9\x94") }, "text/html; charset=iso-8859-1", "“café”", "windows-1252", 0},
		{"declared utf-8 with two bad bytes", func(*testing.T) []byte { return []byte(fusee[:100] + "\xe9" + fusee[100:200] + "\xff") }, "text/html; charset=utf-8", fusee[:100] + "\uFFFD" + fusee[100:200] + "\uFFFD", "utf-8", 2},
		{"unknown label read as undeclared", func(*testing.T) []byte { return []byte("Déjà vu.") }, "text/html; charset=x-martian", "Déjà vu.", "utf-8", 0},
		{"meta utf-16 in ascii markup is utf-8", func(*testing.T) []byte { return []byte(`<meta charset="utf-16"><p>Été</p>`) }, "", `<meta charset="utf-16"><p>Été</p>`, "utf-8", 0},
		{"plain text does not sniff markup", func(*testing.T) []byte { return []byte(`<meta charset="windows-1251"> Été`) }, "text/plain", `<meta charset="windows-1251"> Été`, "utf-8", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Decode(tt.body(t), tt.contentType)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if got.Text != tt.want || got.Charset != tt.wantCharset || got.Replaced != tt.wantReplaced {
				t.Errorf("Decode = %q as %s, %d replaced; want %q as %s, %d replaced", got.Text, got.Charset, got.Replaced, tt.want, tt.wantCharset, tt.wantReplaced)
			}
		})
	}
}
