// Package retrieval indexes corpus chunks and finds the passages that best
// answer a question: chromem-go vectors and a language-aware BM25, fused.
package retrieval

import (
	"context"
	"strconv"
)

// EmbedFunc turns texts into unit-length vectors, one per text, in order.
// It is the one pluggable part of retrieval.
type EmbedFunc func(ctx context.Context, texts []string) ([][]float32, error)

// Embedder is an EmbedFunc with the identity the index records, so that a
// query is never embedded by another model than the one that built it.
type Embedder struct {
	// Name is the kind of embedder: "local" or "openai".
	Name string
	// Model is the model name ("" for local ones that have none).
	Model string
	// Dimensions is the length of every vector.
	Dimensions int
	Embed      EmbedFunc
}

// ID names the embedder, model and dimensions in one string, e.g.
// "openai/text-embedding-3-small/1536"; it keys the embedding cache.
func (e Embedder) ID() string {
	return e.Name + "/" + e.Model + "/" + strconv.Itoa(e.Dimensions)
}
