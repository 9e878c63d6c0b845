#!/usr/bin/env bash
# Stops the single-node Slurm that tools/slurm/start.sh started (slurmd, slurmctld, munged, by the pids in its folder,
# and any job step they left) and removes the folder, $ONNXINVERT_SLURM_DIR (default /tmp/onnxinvert-slurm).
# Safe to run when nothing is running.
set -uo pipefail

dir="${ONNXINVERT_SLURM_DIR:-/tmp/onnxinvert-slurm}"
wait_s="${ONNXINVERT_SLURM_WAIT:-30}"
say() { echo "slurm/stop: $*" >&2; }

if [[ ! -d "$dir" ]]; then
  say "nothing to stop ($dir does not exist)"
  exit 0
fi

if [[ -f "$dir/etc/slurm.conf" ]] && command -v scancel >/dev/null 2>&1; then
  SLURM_CONF="$dir/etc/slurm.conf" timeout 10 scancel --quiet --full --user=root >/dev/null 2>&1 || true
fi

stop() {
  local name="$1" pid_file="$dir/run/$1.pid"
  [[ -f "$pid_file" ]] || return 0
  local pid
  pid="$(cat "$pid_file")"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null
    local deadline=$((SECONDS + wait_s))
    while kill -0 "$pid" 2>/dev/null; do
      if (( SECONDS >= deadline )); then
        say "$name ($pid) did not stop in ${wait_s} s; killing it"
        kill -KILL "$pid" 2>/dev/null
        break
      fi
      sleep 0.2
    done
  fi
  rm -f "$pid_file"
}

# slurmd first (it ends its job steps), then the controller, then the credentials daemon they both use.
stop slurmd
stop slurmctld
stop munged
rm -rf "$dir"
say "stopped; removed $dir"
