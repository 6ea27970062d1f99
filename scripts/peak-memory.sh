#!/bin/sh
# peak-memory.sh: the peak resident memory of replications-only sweeps of
# the tiny world (rounds = 5, runs table only), for the Parquet target of
# issue 12 (docs/performance.md, "Parquet tables"). Needs GNU time
# (/usr/bin/time, Debian package "time").
#
#	scripts/peak-memory.sh [RUNS...]    # default: 10000 100000 1000000
#
# FORMATS (default "csv parquet") and JOBS (default 2) choose the rest.
# Prints one line per sweep: runs, format, maximum resident set size in
# KiB, seconds.
set -eu
cd "$(dirname "$0")/.."
[ -x /usr/bin/time ] || { echo "peak-memory.sh: needs GNU time (/usr/bin/time)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/minilateral" ./cmd/minilateral
[ $# -gt 0 ] || set -- 10000 100000 1000000
for n in "$@"; do
	sed 's/^description = .*/&\nrounds = 5/' scenarios/bundled/tiny.toml >"$tmp/tiny$n.toml"
	printf '[sweep]\nreplications = %d\n' "$n" >>"$tmp/tiny$n.toml"
	for f in ${FORMATS:-csv parquet}; do
		rm -rf "$tmp/out"
		/usr/bin/time -f "$n $f %M %e" -o "$tmp/time" \
			"$tmp/minilateral" sweep "$tmp/tiny$n.toml" --format "$f" --no-plot -j "${JOBS:-2}" --quiet --out "$tmp/out"
		cat "$tmp/time"
	done
done
