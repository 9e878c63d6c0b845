# Sourced by smoke.sh and e2e.sh (not run on its own): joins the local Slurm of tools/slurm/start.sh (starting it when
# it is not running, and then stopping it at exit), makes the working folder $work, and on exit cancels $job, shows
# the tail of every task log when the script failed, removes $work and stops what it started.
# Needs: here (this folder), dir (the cluster's folder), say (the script's message function), and $1, the script's name.
started_here=0
if ! [[ -f "$dir/run/slurmctld.pid" ]] || ! kill -0 "$(cat "$dir/run/slurmctld.pid")" 2>/dev/null; then
  started_here=1
fi
env_line="$(bash "$here/start.sh" | tail -n 1)"
eval "$env_line"
work="$(mktemp -d "/tmp/onnxinvert-slurm-$1.XXXXXX")"
chmod 0755 "$work"
job=""
cleanup() {
  local status=$?
  [[ -n "$job" ]] && scancel "$job" >/dev/null 2>&1
  if (( status != 0 )); then
    say "FAILED; task logs:"
    for f in "$work"/*.out "$work"/*.log; do [[ -f "$f" ]] && { echo "--- $(basename "$f")" >&2; tail -n 30 "$f" >&2; }; done
  fi
  rm -rf "$work"
  if (( started_here )); then bash "$here/stop.sh" >/dev/null 2>&1 || true; fi
  exit "$status"
}
trap cleanup EXIT
