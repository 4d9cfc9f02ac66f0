package corpus

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// textFields are the record fields that may hold the article text, in order
// of preference; dateFields likewise for the date.
var (
	textFields = []string{"text", "body", "content"}
	dateFields = []string{"date", "published_at", "published"}
)

// noTextReason is the skip reason of a record without text.
const noTextReason = "no text field (text, body or content)"

// jsonItem is one decoded JSON value and where it was found.
type jsonItem struct {
	where string // "path" or "path:LINE"
	raw   json.RawMessage
}

// parseJSON reads the records of a .json file (an object, an array of
// objects, or several such values in a row) or of a .jsonl file (one object
// per line). Records without an id get the path, plus "#N" (1-based) when
// the file holds several. Malformed or text-less records are returned as
// skips; when no record of the file has text the file is reported once.
func parseJSON(p, text string, lines bool) ([]record, []Skipped) {
	var items []jsonItem
	var skips []Skipped
	if lines {
		for i, line := range strings.Split(text, "\n") {
			line = strings.TrimSpace(line)
			if line == "" {
				continue
			}
			where := fmt.Sprintf("%s:%d", p, i+1)
			var raw json.RawMessage
			if err := json.Unmarshal([]byte(line), &raw); err != nil {
				skips = append(skips, Skipped{Path: where, Reason: "malformed JSON: " + err.Error()})
				continue
			}
			items = append(items, jsonItem{where, raw})
		}
	} else {
		dec := json.NewDecoder(strings.NewReader(text))
		var values []json.RawMessage
		for {
			var raw json.RawMessage
			err := dec.Decode(&raw)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				if errors.Is(err, io.ErrUnexpectedEOF) {
					err = errors.New("unexpected end of JSON input (truncated file?)")
				}
				return nil, []Skipped{{Path: p, Reason: "malformed JSON: " + err.Error()}}
			}
			values = append(values, raw)
		}
		for _, v := range values {
			v = bytes.TrimSpace(v)
			if len(v) > 0 && v[0] == '[' {
				var arr []json.RawMessage
				if err := json.Unmarshal(v, &arr); err != nil {
					return nil, []Skipped{{Path: p, Reason: "malformed JSON: " + err.Error()}}
				}
				for _, a := range arr {
					items = append(items, jsonItem{p, a})
				}
				continue
			}
			items = append(items, jsonItem{p, v})
		}
	}
	if len(items) == 0 && len(skips) == 0 {
		return nil, []Skipped{{Path: p, Reason: "empty: no JSON records"}}
	}
	several := len(items) > 1
	var recs []record
	var noText []Skipped
	for i, it := range items {
		where := it.where
		if where == p && several {
			where = fmt.Sprintf("%s#%d", p, i+1)
		}
		r, reason := jsonRecord(it.raw)
		if reason == noTextReason {
			noText = append(noText, Skipped{Path: where, Reason: reason})
			continue
		}
		if reason != "" {
			skips = append(skips, Skipped{Path: where, Reason: reason})
			continue
		}
		if r.id == "" {
			r.id = p
			if several {
				r.id = fmt.Sprintf("%s#%d", p, i+1)
			}
		}
		r.where = where
		recs = append(recs, r)
	}
	switch {
	case len(recs) == 0 && len(noText) > 1:
		skips = append(skips, Skipped{Path: p, Reason: fmt.Sprintf("%d records without text (text, body or content)", len(noText))})
	default:
		skips = append(skips, noText...)
	}
	return recs, skips
}

// jsonRecord reads one JSON object as a record, or returns why it cannot.
func jsonRecord(raw json.RawMessage) (record, string) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return record{}, "not a JSON object"
	}
	var r record
	var ok bool
	if v, has := m["id"]; has {
		if r.id, ok = jsonScalar(v); !ok {
			return record{}, "id is neither a string nor a number"
		}
	}
	r.title, _ = jsonScalar(m["title"])
	r.source, _ = jsonScalar(m["source"])
	r.url, _ = jsonScalar(m["url"])
	r.lang, _ = jsonScalar(m["lang"])
	for _, f := range dateFields {
		if d, _ := jsonScalar(m[f]); d != "" {
			r.date = d
			break
		}
	}
	found := false
	for _, f := range textFields {
		v, has := m[f]
		if !has || string(bytes.TrimSpace(v)) == "null" {
			continue
		}
		found = true
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return record{}, fmt.Sprintf("%s field is not a string", f)
		}
		r.text = normalizeNewlines(s)
		break
	}
	if !found {
		return record{}, noTextReason
	}
	if strings.TrimSpace(r.text) == "" {
		return record{}, "empty: no text"
	}
	return r, ""
}

// jsonScalar returns a JSON string or number as text; null, absent and
// other values give "" and false.
func jsonScalar(v json.RawMessage) (string, bool) {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || string(v) == "null" {
		return "", false
	}
	if v[0] == '"' {
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return "", false
		}
		return strings.TrimSpace(s), true
	}
	var n json.Number
	if err := json.Unmarshal(v, &n); err != nil {
		return "", false
	}
	if _, err := strconv.ParseFloat(n.String(), 64); err != nil {
		return "", false
	}
	return n.String(), true
}
