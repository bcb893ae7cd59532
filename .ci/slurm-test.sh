#!/usr/bin/env bash
# A real Slurm test: a cluster of one node on this machine (Debian's slurm-wlm
# and munge, all state under a temporary directory, daemons on 127.0.0.1)
# runs the job array that 'brink plan slurm' prints, and the merge of its
# shards must print byte for byte the summary of one unsharded 'brink run'.
# Both ways of submitting that the script's header gives are tried: sbatch
# --wait then brink merge, and 'bash SCRIPT submit' (the merge as a dependent
# job).
#
# Where Slurm cannot be had (not root, no apt-get, the packages do not install,
# the daemons do not start) it prints SKIP and exits 0; once the node is up,
# any failure or mismatch exits 1. It starts nothing that it does not stop.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

say() { echo "slurm-test: $*"; }
skip() {
	echo "SKIP slurm-test: $*"
	exit 0
}

[ "$(id -u)" = 0 ] || skip "not root, cannot install or run Slurm"

# The packages: slurm-wlm brings slurmctld, slurmd and the client commands.
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null ||
	! command -v munged >/dev/null; then
	command -v apt-get >/dev/null || skip "no apt-get to install slurm-wlm and munge"
	say "installing slurm-wlm and munge"
	# Keep the packages' scripts from starting the system's daemons.
	policy=""
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		policy=/usr/sbin/policy-rc.d
		printf '#!/bin/sh\nexit 101\n' >"$policy"
		chmod 755 "$policy"
	fi
	aptlog=$(mktemp)
	ok=1
	{ apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends slurm-wlm munge; } >"$aptlog" 2>&1 || ok=0
	[ -z "$policy" ] || rm -f "$policy"
	if [ "$ok" = 0 ]; then
		tail -n 20 "$aptlog"
		rm -f "$aptlog"
		skip "apt-get could not install slurm-wlm and munge"
	fi
	rm -f "$aptlog"
fi

work=$(mktemp -d /tmp/brink-slurm.XXXXXX)
pids=()
keep=${BRINK_SLURM_KEEP:-0}
cleanup() {
	set +e
	if [ -n "${SLURM_CONF:-}" ] && [ -n "${slurmctld_pid:-}" ]; then
		jobs=$(squeue -h -o %A 2>/dev/null)
		if [ -n "$jobs" ]; then
			# shellcheck disable=SC2086
			scancel $jobs
			sleep 2
		fi
	fi
	for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
		kill "${pids[i]}" 2>/dev/null
	done
	for p in "${pids[@]}"; do
		for _ in $(seq 50); do
			kill -0 "$p" 2>/dev/null || break
			sleep 0.1
		done
		kill -9 "$p" 2>/dev/null
	done
	if [ "$keep" = 1 ]; then
		say "kept $work for a look"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

fail() {
	echo "FAIL slurm-test: $*" >&2
	for f in "$work"/slurmctld.log "$work"/slurmd.log "$work"/*.out; do
		[ -f "$f" ] || continue
		echo "--- $f (end)" >&2
		tail -n 30 "$f" >&2
	done
	keep=1
	exit 1
}

# The first port from $1 on where nothing listens on 127.0.0.1 (bash's
# /dev/tcp connects to a listening one).
free_port() {
	local p=$1
	while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do
		p=$((p + 1))
	done
	echo "$p"
}
ctld_port=$(free_port 16817)
slurmd_port=$(free_port $((ctld_port + 1)))

host=$(hostname -s)
cpus=$(nproc)
mkdir -p "$work/state" "$work/spool"
chmod 700 "$work"

# munge: a key of our own and a daemon on a socket of our own.
dd if=/dev/urandom of="$work/munge.key" bs=1024 count=1 status=none
chmod 600 "$work/munge.key"
munged --force --key-file="$work/munge.key" --socket="$work/munge.socket" \
	--pid-file="$work/munged.pid" --log-file="$work/munged.log" --seed-file="$work/munged.seed" ||
	skip "munged does not start: $(tail -n 3 "$work/munged.log" 2>/dev/null)"
pids+=("$(cat "$work/munged.pid")")
munge -n -S "$work/munge.socket" | unmunge -S "$work/munge.socket" >/dev/null ||
	skip "munge does not work here"

# One node, no cgroups, no accounting.
cat >"$work/slurm.conf" <<EOF
ClusterName=brinkci
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$work/munge.socket
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MinJobAge=600
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=ci Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$work/slurm.conf"
export BRINK_RUNS="$work/runs" # runs and their catalog stay in the work directory

# brink, built before the daemons start.
say "building brink"
go build -o "$work/brink" ./cmd/brink

say "starting slurmctld and slurmd (ports $ctld_port, $slurmd_port)"
slurmctld -D -f "$SLURM_CONF" >"$work/slurmctld.stderr" 2>&1 &
slurmctld_pid=$!
pids+=("$slurmctld_pid")
slurmd -D -f "$SLURM_CONF" -N "$host" >"$work/slurmd.stderr" 2>&1 &
pids+=("$!")

state=""
for _ in $(seq 120); do
	state=$(sinfo -h -N -n "$host" -o %T 2>/dev/null || true)
	[ "$state" = idle ] && break
	for p in "${pids[@]}"; do
		kill -0 "$p" 2>/dev/null || skip "a Slurm daemon exited: $(tail -n 5 "$work"/slurm*.log "$work"/slurm*.stderr 2>/dev/null)"
	done
	sleep 0.5
done
[ "$state" = idle ] || skip "the node is not idle after 60 s (state '$state'): $(tail -n 5 "$work"/slurm*.log 2>/dev/null)"
say "node $host is idle: $(sinfo -h -o '%P %D %c %T')"

# The reference: one unsharded run.
flags=(ukraine-2022 -n 400 -seed 7)
"$work/brink" run "${flags[@]}" -workers 2 -no-save >"$work/whole.txt"

cd "$work"
# 1. sbatch --wait on the array, then brink merge.
"$work/brink" plan slurm "${flags[@]}" -workers 1 -shards 4 -out "$work/results a" -binary "$work/brink" >array.sbatch
say "sbatch --wait array.sbatch (4 shards)"
timeout 300 sbatch --wait array.sbatch || fail "the array job failed"
"$work/brink" merge "$work/results a"/shard-* >merged.txt || fail "brink merge failed"
cmp merged.txt whole.txt || {
	diff merged.txt whole.txt | head -n 40
	fail "the merged summary differs from the unsharded run's"
}
say "merged summary of 4 Slurm array tasks = unsharded run"

# 2. bash SCRIPT submit: the array, and the merge as a job after it.
"$work/brink" plan slurm "${flags[@]}" -workers 1 -shards 3 -parallel 2 -out "$work/results b" \
	-name brink-ci-submit -binary "$work/brink" >submit.sbatch
out=$(bash submit.sbatch submit) || fail "bash submit.sbatch submit failed: $out"
echo "$out"
merge_job=$(sed -n 's/.*the merge as job \([0-9]*\).*/\1/p' <<<"$out")
[ -n "$merge_job" ] || fail "no merge job id in: $out"
jobstate=""
for _ in $(seq 600); do
	jobstate=$(scontrol show job "$merge_job" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p')
	case "$jobstate" in
	COMPLETED | FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY | BOOT_FAIL | DEADLINE) break ;;
	esac
	sleep 0.5
done
[ "$jobstate" = COMPLETED ] || fail "the merge job $merge_job ended as '$jobstate'"
cmp "$work/results b/merged/summary.txt" whole.txt || fail "the merge job's summary differs from the unsharded run's"
cmp "brink-ci-submit-merge-$merge_job.out" whole.txt || fail "the merge job's log is not the unsharded run's summary"
say "merge job $merge_job after 3 array tasks = unsharded run"

cd "$repo"
echo "PASS slurm-test: both ways of submitting the plan merge to the unsharded summary"
