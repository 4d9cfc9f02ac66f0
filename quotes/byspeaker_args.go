package quotes

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"
)

// NameSplits reads the arguments of "/quotes" as a name and a topic, the
// likelier first: a colon or a vertical bar ends the name ("de Gaulle:
// Algérie"); else the name is the capitalised words at the start, the
// most of them first ("Maria Zakharova Corée" is tried as that name, then
// as "Maria Zakharova" on "Corée", then "Maria" on "Zakharova Corée"),
// or the first word when it is in lower case ("zakharova sanctions").
func NameSplits(args string) [][2]string {
	if k := strings.IndexAny(args, ":|"); k > 0 {
		return [][2]string{{strings.TrimSpace(args[:k]), strings.TrimSpace(args[k+1:])}}
	}
	fields := strings.Fields(args)
	n := 0
	for n < len(fields) {
		r, _ := utf8.DecodeRuneInString(fields[n])
		if !unicode.IsUpper(r) {
			break
		}
		n++
	}
	var out [][2]string
	for k := max(n, 1); k >= 1; k-- {
		out = append(out, [2]string{strings.Join(fields[:k], " "), strings.Join(fields[k:], " ")})
	}
	return out
}

// BySpeakerArgs is BySpeaker on the arguments of "/quotes NAME [topic]"
// as a reader types them: the splits of NameSplits are tried in turn and
// the first that finds quotations is kept. It returns the name and topic
// of the split kept. When none finds any and the words could be split
// several ways, the name is all of args and the topic empty: "no
// quotation of Guérassimov Corée du Nord", never a guessed cut ("of
// Guérassimov Corée about du Nord").
func BySpeakerArgs(ctx context.Context, lib Archive, args string) (Spoken, string, string, error) {
	splits := NameSplits(args)
	var first Spoken
	for i, sp := range splits {
		got, err := BySpeaker(ctx, lib, sp[0], sp[1])
		if err != nil {
			return Spoken{}, "", "", err
		}
		if len(got.Quotes) > 0 {
			return got, sp[0], sp[1], nil
		}
		if i == 0 {
			first = got
		}
	}
	if len(splits) == 1 {
		return first, splits[0][0], splits[0][1], nil
	}
	name := strings.Join(strings.Fields(args), " ")
	first.Speaker = name
	return first, name, "", nil
}
