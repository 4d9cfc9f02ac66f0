package bot

// ByArticle groups citations by the article they quote (its id, else its
// title, link and date), in the order of each article's first citation:
// the adapters write one source line per article with its quotes under it.
func ByArticle(cites []Citation) [][]Citation {
	var groups [][]Citation
	at := map[string]int{}
	for _, c := range cites {
		key := c.DocID
		if key == "" {
			key = c.Title + "\x00" + c.URL + "\x00" + c.Date.String()
		}
		i, ok := at[key]
		if !ok {
			i = len(groups)
			at[key] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], c)
	}
	return groups
}
