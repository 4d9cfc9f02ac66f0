package telegram

import (
	"fmt"
	"regexp"
	"strings"
)

var (
	entityRe  = regexp.MustCompile(`^&(lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);`)
	anchorRe  = regexp.MustCompile(`^<a href="[^"<>]*">$`)
	allowTags = map[string]bool{"b": true, "i": true, "u": true, "s": true, "a": true, "code": true, "pre": true, "blockquote": true, "tg-spoiler": true}
)

// checkHTML validates text as Telegram's HTML parse mode does, restricted
// to the tags the bot may use: b i u s a code pre blockquote tg-spoiler,
// <a href="…"> and <blockquote expandable>. Tags must nest properly; '<',
// '>' and '&' must otherwise be escaped.
func checkHTML(text string) error {
	var stack []string
	for i := 0; i < len(text); {
		switch text[i] {
		case '<':
			j := strings.IndexByte(text[i:], '>')
			if j < 0 {
				return fmt.Errorf("unclosed start tag at byte offset %d", i)
			}
			raw := text[i : i+j+1]
			name, closing := tagName(raw)
			if !allowTags[name] {
				return fmt.Errorf("unsupported start tag %q at byte offset %d", name, i)
			}
			switch {
			case closing:
				if raw != "</"+name+">" {
					return fmt.Errorf("bad end tag %q", raw)
				}
				if len(stack) == 0 || stack[len(stack)-1] != name {
					return fmt.Errorf("unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", i, top(stack), name)
				}
				stack = stack[:len(stack)-1]
			case name == "a":
				if !anchorRe.MatchString(raw) {
					return fmt.Errorf("bad anchor %q", raw)
				}
				stack = append(stack, name)
			case name == "blockquote":
				if raw != "<blockquote>" && raw != "<blockquote expandable>" {
					return fmt.Errorf("bad blockquote %q", raw)
				}
				stack = append(stack, name)
			default:
				if raw != "<"+name+">" {
					return fmt.Errorf("unexpected attributes in %q", raw)
				}
				stack = append(stack, name)
			}
			i += j + 1
		case '>':
			return fmt.Errorf("unescaped '>' at byte offset %d", i)
		case '&':
			m := entityRe.FindString(text[i:])
			if m == "" {
				return fmt.Errorf("unescaped '&' at byte offset %d", i)
			}
			i += len(m)
		default:
			i++
		}
	}
	if len(stack) > 0 {
		return fmt.Errorf("can't find end tag corresponding to start tag \"%s\"", top(stack))
	}
	return nil
}

func top(stack []string) string {
	if len(stack) == 0 {
		return ""
	}
	return stack[len(stack)-1]
}
