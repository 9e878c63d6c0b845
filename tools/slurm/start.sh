#!/usr/bin/env bash
# Starts a single-node Slurm on localhost for tests and CI: munged, slurmctld and slurmd, every file (configuration,
# munge key, state, spool, logs, pid files, sockets) under one folder, $ONNXINVERT_SLURM_DIR (default
# /tmp/onnxinvert-slurm). Installs Debian's slurm-wlm and munge when missing. Runs as root; no systemd is needed (the
# daemons are started directly). Idempotent: a cluster already running from that folder is reused.
# The last line of output is the environment to use it, e.g.  eval "$(bash tools/slurm/start.sh | tail -n 1)"
#   export SLURM_CONF=/tmp/onnxinvert-slurm/etc/slurm.conf
# Stop it with tools/slurm/stop.sh. Ports: $ONNXINVERT_SLURM_PORT (slurmctld, default 6817) and the next one (slurmd).
set -euo pipefail

dir="${ONNXINVERT_SLURM_DIR:-/tmp/onnxinvert-slurm}"
port="${ONNXINVERT_SLURM_PORT:-6817}"
wait_s="${ONNXINVERT_SLURM_WAIT:-60}"

say() { echo "slurm/start: $*" >&2; }
fail() { say "$*"; for log in "$dir"/log/*.log; do [[ -f "$log" ]] && { say "--- $log"; tail -n 20 "$log" >&2; }; done; exit 1; }
alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

if [[ $(id -u) -ne 0 ]]; then
  say "run as root (the daemons run as root here)"
  exit 1
fi

if ! command -v slurmctld >/dev/null 2>&1 || ! command -v slurmd >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
  say "installing slurm-wlm and munge"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
fi

conf="$dir/etc/slurm.conf"
env_line="export SLURM_CONF=$conf"
if alive "$dir/run/munged.pid" && alive "$dir/run/slurmctld.pid" && alive "$dir/run/slurmd.pid"; then
  say "already running from $dir"
  echo "$env_line"
  exit 0
fi

# A partial earlier start: stop what is left of it, keep nothing.
if [[ -d "$dir" ]]; then
  bash "$(dirname "$0")/stop.sh" >/dev/null 2>&1 || true
fi

mkdir -p "$dir"/{etc,run,log,state,spool,munge}
chmod 0700 "$dir" "$dir/munge"

# The node as slurmd sees it (CPUs, sockets, cores, threads, memory), renamed to localhost.
node="$(slurmd -C | head -n 1 | sed -E 's/^NodeName=[^ ]+/NodeName=localhost NodeAddr=127.0.0.1/')"
[[ "$node" == NodeName=localhost* ]] || fail "slurmd -C did not describe this machine: $node"

cat > "$conf" <<CONF
# Written by tools/slurm/start.sh: a single-node cluster on localhost, everything under $dir.
ClusterName=onnxinvert
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
# No systemd and no delegated cgroups here: track processes by process group, bind nothing.
ProctrackType=proctrack/pgid
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
# Keep finished jobs visible to scontrol for a while, and kill quickly on cancel.
MinJobAge=600
KillWait=5
InactiveLimit=0
Waittime=0
$node State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF

cat > "$dir/etc/cgroup.conf" <<CONF
# Written by tools/slurm/start.sh. Nothing here uses cgroups (proctrack/pgid, task/none); slurmd still reads this file.
CgroupPlugin=autodetect
IgnoreSystemd=yes
CONF

dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
chmod 0400 "$dir/munge/munge.key"

munged --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket" \
  --pid-file="$dir/run/munged.pid" --log-file="$dir/log/munged.log" --seed-file="$dir/munge/munged.seed" \
  || fail "munged did not start"
for _ in $(seq 1 50); do [[ -S "$dir/munge/munge.socket" ]] && break; sleep 0.1; done
munge -S "$dir/munge/munge.socket" -n | unmunge -S "$dir/munge/munge.socket" >/dev/null 2>&1 \
  || fail "munge credentials do not round-trip through $dir/munge/munge.socket"

export SLURM_CONF="$conf"
slurmctld -f "$conf" || fail "slurmctld did not start"
slurmd -f "$conf" -N localhost || fail "slurmd did not start"

deadline=$((SECONDS + wait_s))
until sinfo -h -n localhost -o '%t' 2>/dev/null | grep -qx 'idle'; do
  if (( SECONDS >= deadline )); then
    fail "the node is not idle after ${wait_s} s (sinfo: $(sinfo -h -N -o '%N %t %E' 2>&1 | head -n 3))"
  fi
  sleep 1
done

say "up: $(sinfo -h -N -o '%N %t cpus=%c mem=%mMB')"
echo "$env_line"
