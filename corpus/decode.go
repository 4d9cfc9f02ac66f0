package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
	xunicode "golang.org/x/text/encoding/unicode"
)

// Errors Decode reports; their text is the skip reason.
var (
	errBinary  = errors.New("binary content")
	errNotText = errors.New("not valid UTF-8 text")
)

// maxReplacedShare is the share of replaced characters above which text is
// refused rather than shown full of U+FFFD: past it the bytes are not in
// the charset read.
const maxReplacedShare = 0.05

// Decoded is text decoded from the bytes of a file or a fetched page.
type Decoded struct {
	// Text is the text, with LF line ends.
	Text string
	// Charset is the encoding read, by its WHATWG name ("utf-8",
	// "windows-1251", "shift_jis"…).
	Charset string
	// From says where the charset came from: "bom", "declared" (the HTTP
	// Content-Type or the document's own meta charset or XML encoding),
	// "valid" (undeclared, and valid UTF-8) or "guess".
	From string
	// Replaced counts the invalid bytes or sequences replaced by U+FFFD.
	Replaced int
}

// Warning says what a reader of Text must know, "" when nothing: invalid
// bytes replaced, or a charset guessed.
func (d Decoded) Warning() string {
	switch {
	case d.Replaced > 0:
		return fmt.Sprintf("%d invalid byte sequence(s) replaced by U+FFFD (read as %s)", d.Replaced, d.Charset)
	case d.From == "guess":
		return fmt.Sprintf("no charset declared and not UTF-8: read as %s", d.Charset)
	}
	return ""
}

// Decode turns the bytes of a file or a fetched page into UTF-8 text with
// LF line ends, and never invents characters. The charset is, in order: a
// byte-order mark (UTF-8, UTF-16 LE or BE); the charset parameter of
// contentType (an HTTP Content-Type, or the media type a file's extension
// gives); for HTML and XML (or an unknown type), a <meta charset>,
// http-equiv Content-Type or <?xml encoding?> in the first 1024 bytes;
// else UTF-8. Undeclared bytes that are mostly UTF-8 are read as UTF-8,
// each invalid sequence replaced by U+FFFD and counted; only bytes with no
// valid multi-byte UTF-8 sequence that read as plausible text are taken as
// Windows-1252, and reported as a guess. Content with NUL bytes (outside
// UTF-16) or many control characters is binary; text whose charset cannot
// read it is refused with the reason.
func Decode(b []byte, contentType string) (Decoded, error) {
	if enc, name, n := bomEncoding(b); enc != nil {
		return decodeWith(b[n:], enc, name, "bom")
	}
	mediaType, label := contentTypeCharset(contentType)
	if label == "" && sniffable(mediaType) {
		label = documentCharset(b)
		// A document that declares UTF-16 in ASCII markup is not UTF-16
		// (the HTML standard reads it as UTF-8).
		if l := strings.ToLower(label); strings.HasPrefix(l, "utf-16") || strings.HasPrefix(l, "utf16") {
			label = "utf-8"
		}
	}
	if label != "" {
		if enc, name, ok := lookupCharset(label); ok {
			return decodeWith(b, enc, name, "declared")
		}
		// An unknown label says nothing: read as undeclared.
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return Decoded{}, errBinary
	}
	valid, invalid := utf8Evidence(b)
	if invalid == 0 {
		return finish(Decoded{Text: string(b), Charset: "utf-8", From: "valid"})
	}
	if valid == 0 || invalid > 4*valid {
		if t, ok := decodeCP1252(b); ok {
			return finish(Decoded{Text: t, Charset: "windows-1252", From: "guess"})
		}
	}
	if valid == 0 {
		return Decoded{}, errNotText
	}
	return decodeWith(b, encoding.Nop, "utf-8", "valid")
}

// DecodeText is Decode for bytes without a content type, as the loader
// reads a plain-text file.
func DecodeText(b []byte) (string, error) {
	d, err := Decode(b, "text/plain")
	return d.Text, err
}

// bomEncoding returns the encoding a byte-order mark at the start of b
// names, its name and the mark's length; nil when there is none.
func bomEncoding(b []byte) (encoding.Encoding, string, int) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return encoding.Nop, "utf-8", 3
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), "utf-16le", 2
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM), "utf-16be", 2
	}
	return nil, "", 0
}

// contentTypeCharset splits a Content-Type into its media type and charset
// parameter; an unparsable one is treated as absent.
func contentTypeCharset(ct string) (mediaType, charset string) {
	if strings.TrimSpace(ct) == "" {
		return "", ""
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		// "text/html; charset=" or a stray character: keep what is legible.
		mt = strings.ToLower(strings.TrimSpace(strings.SplitN(ct, ";", 2)[0]))
		if m := charsetParam.FindStringSubmatch(ct); m != nil {
			return mt, m[1]
		}
		return mt, ""
	}
	return mt, strings.TrimSpace(params["charset"])
}

var charsetParam = regexp.MustCompile(`(?i)charset\s*=\s*["']?([a-z0-9._:-]+)`)

// sniffable reports whether a document of mediaType may declare its own
// charset in markup: HTML, XML, or a type not known.
func sniffable(mediaType string) bool {
	return mediaType == "" || strings.Contains(mediaType, "html") || strings.Contains(mediaType, "xml")
}

// Declarations of a charset inside a document.
var (
	metaCharset = regexp.MustCompile(`(?i)<meta\s[^>]*?charset\s*=\s*["']?\s*([a-z0-9._:-]+)`)
	xmlEncoding = regexp.MustCompile(`(?i)^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([a-z0-9._:-]+)["']`)
)

// documentCharset returns the charset an HTML or XML document declares in
// its first 1024 bytes (where the HTML standard's prescan looks), "" when
// none.
func documentCharset(b []byte) string {
	head := b[:min(len(b), 1024)]
	if m := xmlEncoding.FindSubmatch(head); m != nil {
		return string(m[1])
	}
	if m := metaCharset.FindSubmatch(head); m != nil {
		return string(m[1])
	}
	return ""
}

// lookupCharset finds the encoding a charset label names, by the WHATWG
// labels browsers use (where "iso-8859-1" is Windows-1252), else the IANA
// registry; ok is false for an unknown or unsupported label.
func lookupCharset(label string) (encoding.Encoding, string, bool) {
	label = strings.ToLower(strings.TrimSpace(label))
	enc, err := htmlindex.Get(label)
	if err != nil {
		enc, err = ianaindex.IANA.Encoding(label)
		if err != nil || enc == nil {
			return nil, "", false
		}
	}
	name, err := htmlindex.Name(enc)
	if err != nil {
		name = label
	}
	if name == "utf-8" {
		// x/text's UTF-8 decoder also replaces, but counting needs ours.
		enc = encoding.Nop
	}
	return enc, name, true
}

// decodeWith decodes b with enc (encoding.Nop: UTF-8), replacing invalid
// sequences by U+FFFD and counting them.
func decodeWith(b []byte, enc encoding.Encoding, name, from string) (Decoded, error) {
	d := Decoded{Charset: name, From: from}
	if enc == encoding.Nop {
		if bytes.IndexByte(b, 0) >= 0 {
			return Decoded{}, errBinary
		}
		d.Text, d.Replaced = replaceInvalidUTF8(b)
	} else {
		out, err := enc.NewDecoder().Bytes(b)
		if err != nil {
			return Decoded{}, fmt.Errorf("not valid %s text: %w", name, err)
		}
		if !strings.HasPrefix(name, "utf-16") && bytes.IndexByte(out, 0) >= 0 {
			return Decoded{}, errBinary
		}
		// These charsets cannot encode U+FFFD: each one is a replacement.
		d.Text = string(out)
		d.Replaced = strings.Count(d.Text, "\uFFFD")
		if strings.HasPrefix(name, "utf-16") {
			if strings.ContainsRune(d.Text, 0) {
				return Decoded{}, errBinary
			}
			d.Replaced = 0 // a lone surrogate is rare; U+FFFD may be genuine
		}
	}
	if n := utf8.RuneCountInString(d.Text); n > 0 && float64(d.Replaced) > maxReplacedShare*float64(n) {
		if name == "utf-8" {
			return Decoded{}, fmt.Errorf("%w: %d invalid byte sequences", errNotText, d.Replaced)
		}
		return Decoded{}, fmt.Errorf("not valid %s text: %d invalid byte sequences", name, d.Replaced)
	}
	return finish(d)
}

// finish refuses binary-looking text and normalises line ends.
func finish(d Decoded) (Decoded, error) {
	if controlShare(d.Text) > 0.05 {
		return Decoded{}, errBinary
	}
	d.Text = normalizeNewlines(d.Text)
	return d, nil
}

// utf8Evidence counts the valid multi-byte UTF-8 sequences of b and its
// invalid bytes.
func utf8Evidence(b []byte) (valid, invalid int) {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			invalid++
		} else {
			valid++
		}
		i += n
	}
	return valid, invalid
}

// replaceInvalidUTF8 returns b as a string with each invalid byte replaced
// by U+FFFD, and how many were replaced.
func replaceInvalidUTF8(b []byte) (string, int) {
	if utf8.Valid(b) {
		return string(b), 0
	}
	var sb strings.Builder
	sb.Grow(len(b) + 8)
	n := 0
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			sb.WriteRune(utf8.RuneError)
			n++
		} else {
			sb.Write(b[i : i+size])
		}
		i += size
	}
	return sb.String(), n
}

// cp1252 maps the bytes 0x80-0x9F of Windows-1252 to runes; 0 marks the
// five undefined ones.
var cp1252 = [32]rune{
	'€', 0, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0, 'Ž', 0,
	0, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0, 'ž', 'Ÿ',
}

// decodeCP1252 decodes b as Windows-1252 (a superset of Latin-1's printable
// range) and reports whether the result looks like text: no undefined
// bytes, and mostly letters, digits, spaces and common punctuation.
func decodeCP1252(b []byte) (string, bool) {
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/4)
	high, odd := 0, 0
	for _, c := range b {
		r := rune(c)
		if c >= 0x80 {
			high++
			if c < 0xA0 {
				r = cp1252[c-0x80]
				if r == 0 {
					return "", false
				}
			}
		}
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r)) {
			odd++
		}
		if r >= 0xA0 && r < 0xC0 && r != '«' && r != '»' && r != '°' && r != '\u00a0' {
			odd++ // rare symbols: ¤ ¦ § ¨ © ª ...
		}
		sb.WriteRune(r)
	}
	if high*3 > len(b) || odd*20 > len(b) {
		return "", false
	}
	return sb.String(), true
}

// controlShare is the share of runes of s that are control characters other
// than tab, newline, carriage return and form feed.
func controlShare(s string) float64 {
	if s == "" {
		return 0
	}
	n, bad := 0, 0
	for _, r := range s {
		n++
		if unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' && r != '\f' {
			bad++
		}
	}
	return float64(bad) / float64(n)
}

// normalizeNewlines turns CRLF and lone CR into LF.
func normalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}
