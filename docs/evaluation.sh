#!/bin/sh
# Regenerates docs/evaluation.md from a fresh evaluation run:
#   docs/evaluation.sh > docs/evaluation.md
# Each set is indexed with the local embedder and every question asked
# offline (about 10 minutes on 2 cores). EVAL_DIR overrides the sets' folder;
# EVAL_SETS the list.
set -eu
dir=${EVAL_DIR:-../shared/eval/dev}
sets=${EVAL_SETS:-"fr en xq-ru xq-de xq-es xq-en-ru xq-en-de xq-en-es xq-ru-en xq-de-en xq-es-en"}
go build -o "${TMPDIR:-/tmp}/verbatim-eval" ./cmd/verbatim
for s in $sets; do
	"${TMPDIR:-/tmp}/verbatim-eval" eval --set "$dir/$s" --answers --json
done | "${TMPDIR:-/tmp}/verbatim-eval" eval --markdown
