#!/bin/sh
# PostgreSQL scale benchmark of issue 13 (not in CI): the scalegen corpus
# indexed by the embedded store and by PostgreSQL + pgvector in the same
# run, each build timed with /usr/bin/time -v, then the same questions
# asked of both with BenchmarkScalePostgres (hybrid latency, recall of the
# exact vector top 50, replica load time, database size, the HNSW index
# built alone and searched at several hnsw.ef_search).
#
#	DATABASE_URL=postgres://… retrieval/internal/scalegen/pgbench.sh [100k|1m]
#
# DATABASE_URL names an empty database on a server with pgvector
# (.ci/postgres.sh makes a throwaway one); its public schema is used.
# Run from the repository root with ../shared beside it. Everything else
# goes to ${SCALE_TMP:-/tmp/pgscale}. At 1m: about 9 GB of memory for the
# embedded build, 6 GB for the benchmark process, 2 GB of
# maintenance_work_mem for the HNSW build, 12 GB of disk.
set -eu
size=${1:-1m}
tmp=${SCALE_TMP:-/tmp/pgscale}
: "${DATABASE_URL:?set DATABASE_URL}"
mkdir -p "$tmp"
go build -o "$tmp/verbatim" ./cmd/verbatim
corpus=$tmp/corpus-$size
case $size in
100k) [ -d "$corpus" ] || go run ./retrieval/internal/scalegen -chunks 100000 -out "$corpus" ;;
1m) [ -d "$corpus" ] || go run ./retrieval/internal/scalegen -chunks 1000000 -out "$corpus" ;;
*) echo "size: 100k or 1m" >&2; exit 2 ;;
esac
. "$(dirname "$0")/measure.sh"
rm -rf "$tmp/ix-$size"
measure "embedded-$size-index" "$tmp/verbatim" index --corpus "$corpus" --index "$tmp/ix-$size"
"$tmp/verbatim" migrate
# A stand-in of the HNSW index (a B-tree of the same name), so that this
# build only ingests: the benchmark then builds the HNSW index alone, timed.
psql "$DATABASE_URL" -qc 'CREATE INDEX IF NOT EXISTS chunks_hnsw_768 ON chunks (dims)'
measure "postgres-$size-index" "$tmp/verbatim" index --corpus "$corpus"
nice go test ./retrieval/pgstore -run '^$' -bench BenchmarkScalePostgres -benchtime 1x -timeout 6h \
	-scale.index "$tmp/ix-$size" -scale.hnsw -v | grep -E 'scale_test|Benchmark'
