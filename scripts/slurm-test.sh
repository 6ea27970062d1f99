#!/usr/bin/env bash
# A real single-node SLURM cluster test of 'minilateral cluster slurm'.
#
# Installs Debian's slurm-wlm and munge when missing (needs root), starts
# munged, slurmctld and slurmd on this machine with their own key, socket,
# ports and state in a temporary directory, then:
#   1. submits the generated submit.sh for a small sweep as a 4-task array
#      plus its merge job (afterok) and byte-compares the merged tables with
#      a local sweep of the same scenario;
#   2. makes task 2 (shard 3/4) fail, checks that merge refuses naming the
#      missing shard, resubmits that task alone and checks the repaired
#      result is again byte-identical;
# and stops the daemons and removes its files whatever happens.
# Run by 'make cluster-test' and, when CI=true, by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

T=
log() { echo "slurm-test: $*"; }
die() {
	echo "slurm-test: FAIL: $*" >&2
	tail -n 20 "$T"/*.console "$T"/*.log >&2 2>/dev/null || true
	exit 1
}

if [ "$(id -u)" != 0 ]; then
	die "needs root (it starts slurmctld, slurmd and munged)"
fi
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
	log "installing slurm-wlm and munge"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
fi

T=$(mktemp -d /tmp/minilateral-slurm.XXXXXX)
chmod 755 "$T"
pids=()
cleanup() {
	set +e
	if [ -n "${SLURM_CONF:-}" ] && [ -f "$SLURM_CONF" ]; then
		scancel --quiet --user=root >/dev/null 2>&1
	fi
	for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
		kill "${pids[i]}" 2>/dev/null
	done
	for p in "${pids[@]}"; do
		for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$p" 2>/dev/null
	done
	rm -rf "$T"
}
trap cleanup EXIT

BIN=$T/minilateral
go build -buildvcs=false -o "$BIN" ./cmd/minilateral
SCEN=$PWD/cmd/minilateral/testdata/sweep/small.toml

# munge, with its own key and socket.
mkdir -p "$T/munge"
chmod 700 "$T/munge"
dd if=/dev/urandom of="$T/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$T/munge/munge.key"
munged --foreground --force --key-file="$T/munge/munge.key" --socket="$T/munge/munge.sock" \
	--pid-file="$T/munge/munged.pid" --log-file="$T/munge/munged.log" --seed-file="$T/munge/seed" >"$T/munged.console" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -S "$T/munge/munge.sock" ] && break; sleep 0.1; done
[ -S "$T/munge/munge.sock" ] || die "munged did not start: $(cat "$T/munge/munged.log" 2>/dev/null)"

# Free ports for slurmctld and slurmd.
port() {
	local p
	for _ in $(seq 100); do
		p=$((20000 + RANDOM % 20000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
	done
	die "no free port"
}
CTLD_PORT=$(port)
SLURMD_PORT=$(port)
while [ "$SLURMD_PORT" = "$CTLD_PORT" ]; do SLURMD_PORT=$(port); done

HOST=$(hostname -s)
mkdir -p "$T/state" "$T/spool"
export SLURM_CONF=$T/slurm.conf
cat >"$SLURM_CONF" <<EOF
ClusterName=minilateral-test
SlurmctldHost=$HOST(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$T/munge/munge.sock
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/slurmctld.log
SlurmdLogFile=$T/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MaxArraySize=1001
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
slurmctld -D -c -f "$SLURM_CONF" >"$T/slurmctld.console" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" >"$T/slurmd.console" 2>&1 &
pids+=($!)
ok=
for _ in $(seq 150); do
	if [ "$(sinfo -h -o %T 2>/dev/null | head -1)" = idle ]; then ok=1; break; fi
	sleep 0.2
done
[ -n "$ok" ] || die "the node did not come up: $(tail -5 "$T/slurmctld.log" "$T/slurmd.log" 2>/dev/null)"
log "single-node cluster up ($HOST, ports $CTLD_PORT/$SLURMD_PORT)"

# The reference: one local sweep.
"$BIN" sweep "$SCEN" --out "$T/local" --no-plot --quiet -j 2
compare() {
	local f
	for f in runs.csv points.csv series_rounds.csv series_nations.csv; do
		[ -f "$T/local/$f" ] || continue
		cmp "$T/local/$f" "$T/job/result/$f" || die "$1: merged $f differs from the local sweep's"
	done
}

# 1. The generated scripts, as a user submits them.
"$BIN" cluster slurm "$SCEN" --tasks 4 --throttle 2 --out "$T/job" --bin "$BIN" >/dev/null
out=$("$T/job/submit.sh")
echo "$out" | sed 's/^/  /'
merge_id=$(echo "$out" | sed -n 's/^merge.sbatch: job \([0-9]*\).*/\1/p')
[ -n "$merge_id" ] || die "submit.sh printed no merge job"
state=
for _ in $(seq 600); do
	state=$(scontrol -o show job "$merge_id" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p')
	case $state in COMPLETED | FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY) break ;; esac
	sleep 0.2
done
[ "$state" = COMPLETED ] || die "merge job $merge_id ended $state: $(cat "$T/job/logs/"*.out 2>/dev/null)"
compare "4-task array + merge"
log "4-task array + afterok merge: merged tables byte-identical to the local sweep"

# 2. A failed task: shard 3/4's directory cannot be made (a file is in
# the way), so task 2 fails and merge refuses, naming the shard.
rm -rf "$T/job/shards/3" "$T/job/result"
touch "$T/job/shards/3"
if sbatch --wait --array=2 "$T/job/array-0.sbatch" >/dev/null 2>&1; then
	die "task 2 succeeded though its shard directory was blocked"
fi
if sbatch --wait "$T/job/merge.sbatch" >/dev/null 2>&1; then
	die "merge succeeded with shard 3 missing"
fi
grep -q "missing shards: 3/4" "$T/job/logs/merge.out" || die "merge did not name the missing shard: $(cat "$T/job/logs/merge.out")"
[ ! -e "$T/job/result/runs.csv" ] || die "the refused merge wrote a result"
log "failed task: merge refused with: $(grep -o 'missing shards: 3/4' "$T/job/logs/merge.out")"

# Resubmitting that task alone repairs it.
rm "$T/job/shards/3"
sbatch --wait --array=2 "$T/job/array-0.sbatch" >/dev/null || die "resubmitted task 2 failed: $(cat "$T/job/logs/array-0-2.out")"
sbatch --wait "$T/job/merge.sbatch" >/dev/null || die "merge after the repair failed: $(cat "$T/job/logs/merge.out")"
compare "repaired"
log "task resubmitted alone: merged tables byte-identical again"
log "ok (${SECONDS}s)"
