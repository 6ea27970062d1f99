#!/usr/bin/env bash
# figures.sh regenerates the project's figure set from the bundled
# scenarios with their fixed seeds:
#
#   docs/figures/baseline-*   one run of 'baseline' (seed 1): membership
#                             raster, time series, per-nation outcomes
#   docs/figures/sweep-*      the bundled sweep 'export-controls-vs-threat'
#                             (21 × 21 points × 20 replications, master
#                             seed 1): phase diagrams, one-parameter views,
#                             time series of the recorded corners, summary
#
# The output is byte-identical from one invocation to the next and for any
# number of workers. Environment:
#
#   J            sweep workers (default 2)
#   FORMATS      output formats (default svg,png,pdf)
#   FIGURES_OUT  output directory (default docs/figures)
#   MINILATERAL  a minilateral binary to use (default: built from this tree)
set -euo pipefail

cd "$(dirname "$0")/.."
j=${J:-2}
formats=${FORMATS:-svg,png,pdf}
out=${FIGURES_OUT:-docs/figures}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

bin=${MINILATERAL:-}
if [ -z "$bin" ]; then
	bin="$tmp/minilateral"
	go build -o "$bin" ./cmd/minilateral
fi

"$bin" run baseline --seed 1 --out "$tmp/baseline" >/dev/null
"$bin" plot "$tmp/baseline" --format "$formats" >/dev/null
"$bin" sweep export-controls-vs-threat --out "$tmp/sweep" -j "$j" --quiet --no-plot
"$bin" plot "$tmp/sweep" --format "$formats" >/dev/null

mkdir -p "$out"
rm -f "$out"/baseline-* "$out"/sweep-*
for f in "$tmp"/baseline/figures/*; do cp "$f" "$out/baseline-${f##*/}"; done
for f in "$tmp"/sweep/figures/*; do cp "$f" "$out/sweep-${f##*/}"; done
ls "$out" | sed "s|^|wrote $out/|"
