#!/usr/bin/env bash
# End-to-end check of the Slurm behaviour batch projection relies on, on a real single-node Slurm
# (tools/slurm/start.sh; started here when it is not running, and then stopped again at the end).
# Submits a 4-task job array of a small stepping script with --signal=B:USR1@120, --requeue and per-task logs %A_%a,
# then, while they run:
#   - requeues task 1 from outside (scontrol requeue: what preemption or a node failure does), and
#   - sends task 2 the USR1 that --signal sends before the time limit (scancel --signal=USR1 --batch); the script
#     checkpoints, requeues itself and exits with the retriable code, as deploy/slurm/invert-array.sbatch does.
# Both are made eligible again at once (Slurm otherwise holds a requeued job for about two minutes), and every task must
# end COMPLETED with exit 0; the two requeued ones must have seen SLURM_RESTART_COUNT=1 and continued from the step
# they had checkpointed, the others must have run once. Every wait is bounded ($ONNXINVERT_SLURM_SMOKE_WAIT seconds,
# default 240, for the whole array). Exit 0 when all checks pass.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="${ONNXINVERT_SLURM_DIR:-/tmp/onnxinvert-slurm}"
limit="${ONNXINVERT_SLURM_SMOKE_WAIT:-240}"
steps=12
retriable=75

say() { echo "slurm/smoke: $*" >&2; }

started_here=0
if ! [[ -f "$dir/run/slurmctld.pid" ]] || ! kill -0 "$(cat "$dir/run/slurmctld.pid")" 2>/dev/null; then
  started_here=1
fi
env_line="$(bash "$here/start.sh" | tail -n 1)"
eval "$env_line"
work="$(mktemp -d /tmp/onnxinvert-slurm-smoke.XXXXXX)"
chmod 0755 "$work"
job=""
cleanup() {
  local status=$?
  [[ -n "$job" ]] && scancel "$job" >/dev/null 2>&1
  if (( status != 0 )); then
    say "FAILED; task logs:"
    for f in "$work"/*.log "$work"/*.out; do [[ -f "$f" ]] && { echo "--- $(basename "$f")" >&2; cat "$f" >&2; }; done
  fi
  rm -rf "$work"
  if (( started_here )); then bash "$here/stop.sh" >/dev/null 2>&1 || true; fi
  exit "$status"
}
trap cleanup EXIT

cat > "$work/task.sh" <<'TASK'
#!/usr/bin/env bash
# One smoke task: counts to SMOKE_STEPS, one step a second, keeping its step in a state file. On USR1 it checkpoints,
# requeues itself and exits with the retriable code; on TERM (scontrol requeue, scancel) it checkpoints and exits.
set -u
id="$SLURM_ARRAY_TASK_ID"
restart="${SLURM_RESTART_COUNT:-0}"
state="$SMOKE_WORK/task-$id.state"
log="$SMOKE_WORK/task-$id.log"
step=0
[[ -f "$state" ]] && step="$(cat "$state")"
echo "start restart=$restart from=$step" >> "$log"
signal=""
trap 'signal=USR1' USR1
trap 'signal=TERM' TERM
save() { echo "$step" > "$state.tmp" && mv "$state.tmp" "$state"; }
while (( step < SMOKE_STEPS )); do
  sleep 1 & wait $! || true
  if [[ -n "$signal" ]]; then
    save
    echo "checkpoint restart=$restart step=$step signal=$signal" >> "$log"
    [[ "$signal" == USR1 ]] && scontrol requeue "${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}"
    exit "$SMOKE_RETRIABLE"
  fi
  step=$((step + 1))
  save
done
echo "done restart=$restart steps=$step" >> "$log"
TASK

deadline=$((SECONDS + limit))
left() { (( SECONDS < deadline )) || { say "timed out after ${limit} s: $1"; squeue >&2 || true; exit 1; }; }
field() { scontrol -o show job "$1" 2>/dev/null | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n 1; }
current_step() { cat "$work/task-$1.state" 2>/dev/null || echo 0; }

job="$(sbatch --parsable --array=0-3 --ntasks=1 --cpus-per-task=1 --time=10 --signal=B:USR1@120 --requeue \
  --open-mode=append --output="$work/%A_%a.out" --job-name=onnxinvert-smoke \
  --export=ALL,SMOKE_WORK="$work",SMOKE_STEPS="$steps",SMOKE_RETRIABLE="$retriable" "$work/task.sh")"
job="${job%%;*}"
say "submitted array job $job"

# Interrupts task $1 with $2 once it has run a few steps, then waits until it is requeued and makes it eligible now.
interrupt() {
  local task="$1" how="$2" id="${job}_$1"
  until [[ "$(field "$id" JobState)" == RUNNING ]] && (( $(current_step "$task") >= 2 )); do left "task $task never ran 2 steps"; sleep 0.5; done
  case "$how" in
    requeue) scontrol requeue "$id" ;;
    usr1) scancel --batch --signal=USR1 "$id" ;;
  esac
  until [[ "$(field "$id" JobState)" == PENDING && "$(field "$id" Restarts)" == 1 ]]; do left "task $task was not requeued ($how)"; sleep 0.5; done
  scontrol update JobId="$id" StartTime=now
  say "task $task interrupted ($how) at step $(current_step "$task") and requeued"
}
interrupt 1 requeue
interrupt 2 usr1

while [[ -n "$(squeue -h -j "$job" 2>/dev/null)" ]]; do left "the array did not finish"; sleep 1; done

failures=0
check() { if ! eval "$2"; then say "task $1: expected $3"; failures=$((failures + 1)); fi; }
for task in 0 1 2 3; do
  id="${job}_$task"
  log="$work/task-$task.log"
  check "$task" "[[ \$(field $id JobState) == COMPLETED && \$(field $id ExitCode) == 0:0 ]]" "COMPLETED with exit 0 (got $(field "$id" JobState) $(field "$id" ExitCode))"
  check "$task" "[[ -s '$work/${job}_$task.out' || -f '$work/${job}_$task.out' ]]" "its own log file ${job}_$task.out"
  check "$task" "grep -qx 'done restart=[01] steps=$steps' '$log'" "to count to $steps"
  case "$task" in
    0|3)
      check "$task" "[[ \$(grep -c '^start' '$log') == 1 ]] && grep -qx 'start restart=0 from=0' '$log'" "one run from the start"
      check "$task" "[[ \$(field $id Restarts) == 0 ]]" "no restart" ;;
    1|2)
      check "$task" "grep -qx 'done restart=1 steps=$steps' '$log'" "to finish in its second run (SLURM_RESTART_COUNT=1)"
      check "$task" "grep -Eqx 'start restart=1 from=[1-9][0-9]*' '$log'" "its second run to continue from its checkpoint"
      check "$task" "[[ \$(field $id Restarts) == 1 ]]" "Restarts=1 in scontrol" ;;
  esac
done
check 2 "grep -Eqx 'checkpoint restart=0 step=[0-9]+ signal=USR1' '$work/task-2.log'" "to checkpoint on USR1"

if (( failures > 0 )); then
  say "$failures checks failed"
  exit 1
fi
say "passed: 4 tasks completed; task 1 (scontrol requeue) and task 2 (USR1, self-requeue) restarted from their checkpoints"
