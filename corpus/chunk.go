package corpus

// Chunk is a sentence-aligned passage of an article. Text equals
// Article.Text[Start:End] for the article named by DocID.
type Chunk struct {
	// ID is DocID + "#" + the zero-based chunk index, e.g. "piaf-sport#3".
	ID     string `json:"id"`
	DocID  string `json:"doc_id"`
	Index  int    `json:"index"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Text   string `json:"text"`
	Title  string `json:"title"`
	Date   Date   `json:"date"`
	Source string `json:"source,omitempty"`
	URL    string `json:"url,omitempty"`
	Lang   string `json:"lang"`
}
