package retrieval

import (
	"context"
	"strings"

	"verbatim/analysis"
)

// TranslateNames is the offline QueryTranslator of names: it writes the
// question's places, bodies and people of the table of names as each
// language's press writes them ("Ägyptens" gives "Égypte" in French,
// "Путин" gives "Putin" in German), one a line, leaving out the languages
// it has none for. It needs no dictionary and no model.
func TranslateNames(ctx context.Context, text, from string, to []string) (map[string]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, l := range to {
		if l == from {
			continue
		}
		if t := analysis.TranslateNames(text, l); t != "" {
			out[l] = t
		}
	}
	return out, nil
}

// WithNames returns a translator that adds the question's names
// (TranslateNames) to tr's translations (a dictionary's, which rarely holds
// names as the press writes them), each name on its own line after tr's
// lines and only when tr's translation lacks it. A nil tr gives
// TranslateNames alone; when tr fails, its error is returned with the
// names.
func WithNames(tr QueryTranslator) QueryTranslator {
	if tr == nil {
		return TranslateNames
	}
	return func(ctx context.Context, text, from string, to []string) (map[string]string, error) {
		got, err := tr(ctx, text, from, to)
		names, nerr := TranslateNames(ctx, text, from, to)
		if nerr != nil {
			return got, nerr
		}
		out := make(map[string]string, len(to))
		for _, l := range to {
			lines := nonEmptyLines(got[l])
			have := map[string]bool{}
			for _, line := range lines {
				have[analysis.Fold(line)] = true
			}
			for _, n := range nonEmptyLines(names[l]) {
				if !have[analysis.Fold(n)] {
					lines = append(lines, n)
				}
			}
			if len(lines) > 0 {
				out[l] = strings.Join(lines, "\n")
			}
		}
		return out, err
	}
}

// nonEmptyLines returns the lines of s that hold more than spaces.
func nonEmptyLines(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if strings.TrimSpace(line) != "" {
			out = append(out, line)
		}
	}
	return out
}
