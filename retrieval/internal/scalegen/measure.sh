# measure LABEL COMMAND...: runs COMMAND niced under /usr/bin/time -v, its
# output in $tmp/LABEL.log, and prints its wall time, CPU time and peak RSS.
# Sourced by bench.sh and pgbench.sh.
measure() {
	label=$1
	shift
	nice /usr/bin/time -v "$@" >"$tmp/$label.log" 2>&1 || echo "$label: exit $?"
	printf '%-22s wall %s  cpu %.1fs  peak RSS %d MB\n' "$label" \
		"$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/$label.log")" \
		"$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$tmp/$label.log")" \
		"$(awk -F': ' '/Maximum resident/ {print int($2/1024)}' "$tmp/$label.log")"
}
