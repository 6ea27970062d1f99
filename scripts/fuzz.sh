#!/usr/bin/env bash
# fuzz.sh runs each fuzz target for a fixed time and reports its speed:
#
#   scenarios   FuzzParse   arbitrary scenario text through the loader
#   sweep   FuzzSweep   arbitrary [sweep] tables and --set values
#                           through the loader and the planner
#
# Go prints, every 3 s, the executions so far and the rate of the last
# interval. The script prints, per target, the total executions, the mean
# rate after the baseline coverage is gathered, and the slowest interval.
# It fails when a target crashes (Go then saves the input under
# PKG/testdata/fuzz/TARGET/: commit it, it becomes a regression test), when
# no execution completes for 9 s or more (a stall: an input hangs the
# workers; Go reports executions when a worker returns, so a single slow
# interval is not yet a stall), or when the mean rate is below
# FUZZ_MIN_RATE. Minimising a new input is capped at FUZZ_MINIMIZE
# (default 1s): the workers report no executions while one minimises.
#
#   FUZZTIME       time per target (default 60s)
#   FUZZ_MIN_RATE  mean executions per second below which a target fails
#                  (default 1000)
#   FUZZ_MINIMIZE  -fuzzminimizetime (default 1s)
#   FUZZ_PARALLEL  fuzzing workers (default: go test's, GOMAXPROCS)
set -uo pipefail

cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-60s}
minrate=${FUZZ_MIN_RATE:-1000}
minimize=${FUZZ_MINIMIZE:-1s}
par=()
if [ -n "${FUZZ_PARALLEL:-}" ]; then par=(-parallel "$FUZZ_PARALLEL"); fi
status=0
for target in scenarios:FuzzParse sweep:FuzzSweep; do
	pkg=${target%%:*}
	name=${target##*:}
	log=$(mktemp)
	go test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" -fuzzminimizetime "$minimize" "${par[@]}" "./$pkg" >"$log" 2>&1
	rc=$?
	# fuzz: elapsed: 6s, execs: 20112 (3349/sec), new interesting: 3 (total: 15)
	summary=$(awk -v min="$minrate" '
		function secs(t,   a) {
			sub(/s$/, "", t)
			if (t ~ /m/) { split(t, a, "m"); return a[1] * 60 + a[2] }
			return t + 0
		}
		/^fuzz: elapsed: / && /execs: / {
			match($0, /elapsed: [0-9hms.]+/); el[n] = secs(substr($0, RSTART + 9, RLENGTH - 9))
			match($0, /execs: [0-9]+/); ex[n] = substr($0, RSTART + 7, RLENGTH - 7) + 0
			match($0, /\([0-9]+\/sec\)/); rt[n] = substr($0, RSTART + 1, RLENGTH - 6) + 0
			n++
		}
		END {
			if (n < 2) { print "no fuzzing statistics"; exit 4 }
			# The last line is printed while stopping: its interval is partial.
			last = n - 2
			lo = ""; stall = 0; flat = 0
			for (i = 1; i <= last; i++) {
				if (lo == "" || rt[i] < lo) lo = rt[i]
				flat = (ex[i] == ex[i-1]) ? flat + el[i] - el[i-1] : 0
				if (flat >= 9) stall = 1
			}
			mean = (el[n-1] > el[0]) ? int((ex[n-1] - ex[0]) / (el[n-1] - el[0])) : 0
			printf "%d execs in %ds, mean %d/s, slowest 3-s interval %s/s", ex[n-1], el[n-1], mean, (lo == "" ? "n/a" : lo)
			if (stall) { print " — STALL (no execution for 9 s or more)"; exit 2 }
			if (mean < min) { printf " — mean below %d/s\n", min; exit 3 }
			print ""
		}' "$log")
	verdict=$?
	printf '%-10s %-10s %s\n' "$pkg" "$name" "$summary"
	if [ $rc -ne 0 ] || [ $verdict -ne 0 ]; then
		status=1
		if [ $rc -ne 0 ]; then
			echo "--- $name failed (exit $rc):"
			grep -v '^fuzz: elapsed' "$log" | tail -30
		fi
	fi
	rm -f "$log"
done
exit $status
