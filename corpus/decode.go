package corpus

import (
	"bytes"
	"errors"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Errors decodeText reports; their text is the skip reason.
var (
	errBinary  = errors.New("binary content")
	errNotText = errors.New("not valid UTF-8 text")
)

// cp1252 maps the bytes 0x80-0x9F of Windows-1252 to runes; 0 marks the
// five undefined ones.
var cp1252 = [32]rune{
	'€', 0, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0, 'Ž', 0,
	0, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0, 'ž', 'Ÿ',
}

// decodeText turns file content into UTF-8 text with LF line ends. It strips
// a UTF-8 BOM, decodes UTF-16 with a BOM, and falls back to Windows-1252 for
// invalid UTF-8 that decodes to plausible text. Content with NUL bytes or
// many control characters is binary.
func decodeText(b []byte) (string, error) {
	var s string
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b = b[3:]
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		t, err := decodeUTF16(b[2:], b[0] == 0xFE)
		if err != nil {
			return "", err
		}
		return normalizeNewlines(t), nil
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return "", errBinary
	}
	if utf8.Valid(b) {
		s = string(b)
	} else {
		t, ok := decodeCP1252(b)
		if !ok {
			return "", errNotText
		}
		s = t
	}
	if controlShare(s) > 0.05 {
		return "", errBinary
	}
	return normalizeNewlines(s), nil
}

// decodeUTF16 decodes UTF-16 of the given byte order.
func decodeUTF16(b []byte, bigEndian bool) (string, error) {
	if len(b)%2 != 0 {
		return "", errors.New("not valid UTF-16 text: odd length")
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		if bigEndian {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			u[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	s := string(utf16.Decode(u))
	if strings.ContainsRune(s, 0) || controlShare(s) > 0.05 {
		return "", errBinary
	}
	return s, nil
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
