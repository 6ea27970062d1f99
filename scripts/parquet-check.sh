#!/usr/bin/env bash
# Checks the Parquet tables of a sweep and a run with an independent
# reader (hyparquet, from npm): every value equals the CSV's, to the
# float64 bit. Installs hyparquet into a cache directory when missing.
# Run by 'make parquet-check' and, when CI=true, by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v node >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }
cache=${XDG_CACHE_HOME:-$HOME/.cache}/minilateral-parquet-check
if [ ! -d "$cache/node_modules/hyparquet" ] || [ ! -d "$cache/node_modules/hyparquet-compressors" ]; then
	mkdir -p "$cache"
	npm install --prefix "$cache" --no-audit --no-fund --silent hyparquet@1.33.0 hyparquet-compressors@1.1.2 >/dev/null
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
go build -buildvcs=false -o "$T/minilateral" ./cmd/minilateral
cp scripts/parquet-check.mjs "$T/"
ln -s "$cache/node_modules" "$T/node_modules"
"$T/minilateral" sweep cmd/minilateral/testdata/sweep/small.toml --format both --out "$T/sweep" --quiet --no-plot -j 2
# The default sweep's first shard, with its recorded corner series.
"$T/minilateral" sweep export-controls-vs-threat --shard 1/40 --format both --out "$T/default" --quiet --no-plot -j 2
"$T/minilateral" run baseline --format both --out "$T/run" >/dev/null
node "$T/parquet-check.mjs" "$T/sweep" runs points series_rounds series_nations
node "$T/parquet-check.mjs" "$T/default" runs points series_rounds series_nations
node "$T/parquet-check.mjs" "$T/run" rounds nations
echo "parquet-check: ok"
