#!/usr/bin/env bash
# benchcmp.sh compares the benchmarks of one package at a base revision with
# the working tree, the way docs/performance.md measures them on a shared,
# noisy machine:
#
#   - both test binaries are built once and run alternately, n times each,
#     pinned to one CPU (this machine switches between two speeds about 1.3x
#     apart, for minutes at a time and sometimes on one vCPU only, so unpinned
#     or consecutive runs compare the machine's states, not the binaries);
#   - benchstat summarises them (its ± is a 95% interval);
#   - with -i, callgrind also counts each benchmark's instructions per
#     iteration, the difference between two iteration counts divided by their
#     difference (construction and the harness cancel), which load cannot move.
#
# usage: scripts/benchcmp.sh [-n N] [-c CPU] [-p PKG] [-b REGEXP] [-i] BASE
#
#   BASE       a revision (commit, tag, branch) to compare the working tree with
#   -n N       runs of each binary (default 8)
#   -c CPU     the CPU both are pinned to (default 0; taskset)
#   -p PKG     the package (default ./sim)
#   -b REGEXP  the benchmarks (default ^Benchmark(MovingRound|MovingRun|BaselineRun|Round)$)
#   -i         also count instructions (valgrind; slow: about a minute a benchmark)
#
# Example (the numbers in docs/performance.md, "Since"):
#
#   scripts/benchcmp.sh -i c419365
#
# Nothing here runs in the tests: timings belong in docs, not in assertions.
set -euo pipefail

n=8 cpu=0 pkg=./sim instr=0
bench='^Benchmark(MovingRound|MovingRun|BaselineRun|Round)$'
while getopts 'n:c:p:b:i' opt; do
	case $opt in
	n) n=$OPTARG ;;
	c) cpu=$OPTARG ;;
	p) pkg=$OPTARG ;;
	b) bench=$OPTARG ;;
	i) instr=1 ;;
	*) sed -n '2,/^set -euo/p' "$0" | sed '$d' >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
if [ $# -ne 1 ]; then
	echo "benchcmp: name one base revision (see the usage at the top of $0)" >&2
	exit 2
fi
base=$1
root=$(git rev-parse --show-toplevel)
cd "$root"
rev=$(git rev-parse --verify --quiet "$base^{commit}") || {
	echo "benchcmp: $base is not a revision of this repository" >&2
	exit 2
}

tmp=$(mktemp -d)
cleanup() {
	git worktree remove --force "$tmp/base" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

echo "building $pkg at ${rev:0:12} and in the working tree" >&2
git worktree add --detach --quiet "$tmp/base" "$rev"
(cd "$tmp/base" && go test -c -o "$tmp/base.test" "$pkg")
go test -c -o "$tmp/head.test" "$pkg"

pin=()
if command -v taskset >/dev/null; then
	pin=(taskset -c "$cpu")
else
	echo "benchcmp: taskset not found: the runs are not pinned, expect bimodal times" >&2
fi
run() { # binary, output file
	"${pin[@]}" "$1" -test.run '^$' -test.bench "$bench" -test.benchmem -test.cpu 1 -test.count 1 >>"$2"
}
for i in $(seq "$n"); do
	echo "run $i of $n" >&2
	run "$tmp/base.test" "$tmp/base.txt"
	run "$tmp/head.test" "$tmp/head.txt"
done
benchstat=(go run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da)
"${benchstat[@]}" "base=$tmp/base.txt" "head=$tmp/head.txt"

[ "$instr" = 1 ] || exit 0
if ! command -v valgrind >/dev/null; then
	echo "benchcmp: -i needs valgrind (apt-get install valgrind)" >&2
	exit 1
fi
# count binary benchmark iterations: the instructions of one process
count() {
	local out
	for _ in 1 2 3 4 5 6; do # valgrind now and then dies on the runtime's RDTSCP: retry
		out=$(GOMAXPROCS=1 GOGC=off GODEBUG=asyncpreemptoff=1 valgrind --tool=callgrind \
			--callgrind-out-file=/dev/null "$1" -test.run '^$' -test.bench "^$2\$" \
			-test.benchtime "${3}x" -test.cpu 1 2>&1) || true
		if grep -q '^PASS' <<<"$out"; then
			grep -o 'Collected : [0-9]*' <<<"$out" | awk '{print $3}'
			return
		fi
	done
	echo "benchcmp: valgrind failed six times on $2" >&2
	exit 1
}
# the names of the benchmarks that ran, and iteration counts that take a
# few seconds under valgrind: 1/40 and 6/40 of what one second ran
echo
echo "instructions per iteration (callgrind: (I(hi) - I(lo)) / (hi - lo))"
printf '%-24s %14s %14s %8s\n' benchmark base head change
awk '/^Benchmark/ {sub(/-[0-9]+$/, "", $1); print $1, $2}' "$tmp/head.txt" | sort -u -k1,1 |
	while read -r name iters; do
		lo=$(((iters + 39) / 40))
		hi=$((6 * lo))
		b=$((($(count "$tmp/base.test" "$name" "$hi") - $(count "$tmp/base.test" "$name" "$lo")) / (hi - lo)))
		h=$((($(count "$tmp/head.test" "$name" "$hi") - $(count "$tmp/head.test" "$name" "$lo")) / (hi - lo)))
		awk -v n="$name" -v b="$b" -v h="$h" 'BEGIN { printf "%-24s %14d %14d %+7.1f%%\n", n, b, h, 100 * (h - b) / b }'
	done
