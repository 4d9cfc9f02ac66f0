#!/bin/sh
# Scale benchmark of issue 12: builds the 100k-chunk, 1M-chunk and
# 1M-record corpora with the local embedder and measures, with
# /usr/bin/time -v, the build (time, peak RSS) and a fresh process opening
# the index and answering one question (time, peak RSS), for this checkout
# and for a baseline commit, in the same run; then query latency and recall
# with BenchmarkScaleQuery.
#
#	retrieval/internal/scalegen/bench.sh BASELINE_COMMIT [SIZES]
#
# SIZES defaults to "100k 1m tiny"; the baseline is skipped for 1m (it
# needs about 17 GB). Run from the repository root with ../shared beside
# it. Everything goes to ${SCALE_TMP:-/tmp/scale}.
set -eu
base=$1
sizes=${2:-100k 1m tiny}
tmp=${SCALE_TMP:-/tmp/scale}
mkdir -p "$tmp"
go build -o "$tmp/new" ./cmd/verbatim
if [ ! -x "$tmp/base" ]; then
	git worktree add -f "$tmp/base-src" "$base" >/dev/null
	(cd "$tmp/base-src" && go build -o "$tmp/base" ./cmd/verbatim)
	git worktree remove --force "$tmp/base-src"
fi
q="Combien de personnes travaillent au ministère des sports"
. "$(dirname "$0")/measure.sh"
for size in $sizes; do
	corpus=$tmp/corpus-$size
	case $size in
	100k) [ -d "$corpus" ] || go run ./retrieval/internal/scalegen -chunks 100000 -out "$corpus" ;;
	1m) [ -d "$corpus" ] || go run ./retrieval/internal/scalegen -chunks 1000000 -out "$corpus" ;;
	tiny) [ -d "$corpus" ] || go run ./retrieval/internal/scalegen -tiny 1000000 -out "$corpus" ;;
	esac
	bins="new base"
	[ "$size" = 1m ] && bins=new
	for bin in $bins; do
		ix=$tmp/ix-$bin-$size
		rm -rf "$ix"
		measure "$bin-$size-index" "$tmp/$bin" index --corpus "$corpus" --index "$ix"
		measure "$bin-$size-ask" "$tmp/$bin" ask --corpus "$corpus" --index "$ix" "$q"
	done
	du -sh "$tmp/ix-new-$size"/*
	if [ "$size" != tiny ]; then
		nice go test ./retrieval -run '^$' -bench BenchmarkScaleQuery -benchtime 1x \
			-scale.index "$tmp/ix-new-$size" -scale.questions 200 | grep Benchmark
	fi
done
