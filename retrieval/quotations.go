package retrieval

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"

	"verbatim/corpus"
)

// Quotation is a quotation of an indexed article as a Quoter found it:
// the quoted words are the article's Text[Start:End].
type Quotation struct {
	Start, End int
	// Speaker is the speaker as the article writes them, "" when the
	// article does not say.
	Speaker string
}

// Quoter finds the quotations of the articles at index time
// (quotes.Indexer), so that "who said what" reads them instead of
// attributing every article on each question. The index cannot call
// package quotes itself: quotes searches the index.
type Quoter struct {
	// Rules names the rules Find applies: quotations stored under other
	// rules are found again by the next build, and ignored until then.
	Rules string
	// Find returns the quotations of an article in text order.
	Find func(a corpus.Article) []Quotation
}

// on reports whether the quoter is set.
func (q Quoter) on() bool { return q.Find != nil && q.Rules != "" }

// quoteTable is the quotations an index stores, all found under rules;
// rules "" means none are stored. load returns them, those of article i
// at i. Those read from a snapshot are decoded on the first call, once:
// most commands (ask) never read them, and decoding them all was a share
// of every open (BenchmarkOpenQuotations).
type quoteTable struct {
	rules string
	load  func() ([][]Quotation, error)
}

// Quotations returns the quotations the index stored for article a when
// it was built, and the rules they were found with. ok is false when it
// stored none for a: built without a Quoter (an older snapshot), or a is
// not the article it indexed under that id (another text). The slice is
// the index's: callers must not change it. It is safe for concurrent use.
func (ix *Index) Quotations(a corpus.Article) (qs []Quotation, rules string, ok bool) {
	if ix == nil || ix.quotes.rules == "" {
		return nil, "", false
	}
	i, found := ix.byArticle[a.ID]
	if !found {
		return nil, "", false
	}
	if stored := ix.articles[i]; stored.Hash != a.Hash || len(stored.Text) != len(a.Text) {
		return nil, "", false
	}
	all, err := ix.quotes.load()
	if err != nil {
		return nil, "", false
	}
	return all[i], ix.quotes.rules, true
}

// QuotationRules returns the rules of the quotations the index stores, ""
// when it stores none.
func (ix *Index) QuotationRules() string { return ix.quotes.rules }

// setQuotations attaches the quotations found under rules to ix, one list
// per article in build order, checking that each lies in its article.
func (ix *Index) setQuotations(rules string, byArticle [][]Quotation) error {
	if rules == "" {
		ix.quotes = quoteTable{}
		return nil
	}
	if err := checkQuotations(ix.articles, byArticle); err != nil {
		return err
	}
	ix.quotes = quoteTable{rules: rules, load: func() ([][]Quotation, error) { return byArticle, nil }}
	return nil
}

// setStoredQuotations attaches the quotations section of a snapshot
// (encodeQuotes), stored under rules, to ix, to be decoded and checked on
// first use. The snapshot's checksum was verified: a section that does
// not decode is a program error, logged, and the index then serves as if
// it stored no quotations (Attribute answers instead).
func (ix *Index) setStoredQuotations(rules string, section []byte) {
	if rules == "" {
		ix.quotes = quoteTable{}
		return
	}
	ix.quotes = quoteTable{rules: rules, load: sync.OnceValues(func() ([][]Quotation, error) {
		got, byArticle, err := decodeQuotes(gob.NewDecoder(bytes.NewReader(section)), len(ix.articles))
		section = nil // decoded: the bytes are not kept beside the quotations
		if err == nil && got != rules {
			err = fmt.Errorf("quotations under rules %q, header said %q", got, rules)
		}
		if err == nil {
			err = checkQuotations(ix.articles, byArticle)
		}
		if err != nil {
			ix.logger().Error("stored quotations unreadable: answering without them", "err", err)
			return nil, err
		}
		return byArticle, nil
	})}
}

// checkQuotations checks that byArticle holds the quotations of articles,
// each within its article's text.
func checkQuotations(articles []corpus.Article, byArticle [][]Quotation) error {
	if len(byArticle) != len(articles) {
		return fmt.Errorf("quotations of %d articles for %d articles", len(byArticle), len(articles))
	}
	for i, qs := range byArticle {
		for _, q := range qs {
			if q.Start < 0 || q.End < q.Start || q.End > len(articles[i].Text) {
				return fmt.Errorf("quotation [%d, %d) of article %q outside its %d-byte text", q.Start, q.End, articles[i].ID, len(articles[i].Text))
			}
		}
	}
	return nil
}

// findQuotations returns the quotations of articles under q: those of an
// article prev indexed with the same text under the same rules are
// reused, the others found one after the other (Find is cheap: about
// 100 articles in a few milliseconds). It also returns how many were found.
func findQuotations(ctx context.Context, q Quoter, articles []corpus.Article, prev *Index) ([][]Quotation, int, error) {
	reuse := prev != nil && prev.quotes.rules == q.Rules
	out := make([][]Quotation, len(articles))
	found := 0
	for i, a := range articles {
		if i%256 == 0 && ctx.Err() != nil {
			return nil, found, ctx.Err()
		}
		if reuse {
			if qs, _, ok := prev.Quotations(a); ok {
				out[i] = qs
				continue
			}
		}
		out[i] = slices.Clip(q.Find(a))
		found++
	}
	if err := checkQuotations(articles, out); err != nil {
		return nil, found, err
	}
	return out, found, nil
}

// quotesStart opens the quotations section of a snapshot header, after
// the chunk batches: the rules, then batches of at most headerBatch
// records in article order. A snapshot written before quotations were
// stored ends after the chunks; one written without a Quoter too.
type quotesStart struct {
	Rules   string
	Records int
}

// quoteRecord is a stored quotation with its article's position.
type quoteRecord struct {
	Article    int32
	Start, End int
	Speaker    string
}

// encodeQuotes writes the quotations section of a header, nothing when
// rules is "".
func encodeQuotes(enc *gob.Encoder, rules string, byArticle [][]Quotation) error {
	if rules == "" {
		return nil
	}
	n := 0
	for _, qs := range byArticle {
		n += len(qs)
	}
	if err := enc.Encode(quotesStart{Rules: rules, Records: n}); err != nil {
		return err
	}
	batch := make([]quoteRecord, 0, min(n, headerBatch))
	for i, qs := range byArticle {
		for _, q := range qs {
			batch = append(batch, quoteRecord{Article: int32(i), Start: q.Start, End: q.End, Speaker: q.Speaker})
			if len(batch) == headerBatch {
				if err := enc.Encode(batch); err != nil {
					return err
				}
				batch = batch[:0]
			}
		}
	}
	if len(batch) > 0 {
		return enc.Encode(batch)
	}
	return nil
}

// decodeQuotes reads the quotations section of a header of articles
// articles; rules "" when the header has none.
func decodeQuotes(dec *gob.Decoder, articles int) (string, [][]Quotation, error) {
	var st quotesStart
	if err := dec.Decode(&st); errors.Is(err, io.EOF) {
		return "", nil, nil
	} else if err != nil {
		return "", nil, err
	}
	if st.Rules == "" || st.Records < 0 || st.Records > 1<<32 {
		return "", nil, fmt.Errorf("quotations: rules %q, %d records", st.Rules, st.Records)
	}
	out := make([][]Quotation, articles)
	last := int32(-1)
	for read := 0; read < st.Records; {
		var batch []quoteRecord
		if err := dec.Decode(&batch); err != nil {
			return "", nil, err
		}
		if len(batch) == 0 || read+len(batch) > st.Records {
			return "", nil, fmt.Errorf("quotation batch of %d after %d of %d", len(batch), read, st.Records)
		}
		for _, r := range batch {
			if r.Article < last || int(r.Article) >= articles {
				return "", nil, fmt.Errorf("quotation of article %d (of %d) out of order", r.Article, articles)
			}
			last = r.Article
			out[r.Article] = append(out[r.Article], Quotation{Start: r.Start, End: r.End, Speaker: r.Speaker})
		}
		read += len(batch)
	}
	for i := range out {
		out[i] = slices.Clip(out[i])
	}
	return st.Rules, out, nil
}

// quotesRules returns the rules of a quotations section (encodeQuotes)
// without decoding its records, "" for an empty section (a snapshot
// written without a Quoter, or before quotations were stored).
func quotesRules(section []byte) (string, error) {
	if len(section) == 0 {
		return "", nil
	}
	var st quotesStart
	if err := gob.NewDecoder(bytes.NewReader(section)).Decode(&st); err != nil {
		return "", fmt.Errorf("quotations: %w", err)
	}
	if st.Rules == "" || st.Records < 0 || st.Records > 1<<32 {
		return "", fmt.Errorf("quotations: rules %q, %d records", st.Rules, st.Records)
	}
	return st.Rules, nil
}

// staleQuotations reports whether q would store other quotations than the
// index holds: it stores none or under other rules.
func (ix *Index) staleQuotations(q Quoter) bool { return q.on() && ix.quotes.rules != q.Rules }
