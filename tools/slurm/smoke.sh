#!/usr/bin/env bash
# End-to-end check of deploy/slurm/invert-array.sbatch and of the Slurm behaviour batch projection relies on, on a
# real single-node Slurm (tools/slurm/start.sh; started here when it is not running, and stopped again at the end).
# Checks the sbatch file with `sbatch --test-only`, then submits it as a 4-task array (--signal=B:USR1@120, --requeue,
# per-task logs %A_%a; only resources and the log folder overridden) with a stand-in for onnxinvert that counts steps
# in its shard folder, checkpoints and exits 75 on USR1/TERM, and writes _SUCCESS when done. While the tasks run it
#   - requeues task 1 from outside (scontrol requeue: what preemption does; the task gets SIGTERM), and
#   - sends task 2's batch shell the USR1 that --signal sends before the time limit (scancel --signal=USR1 --batch):
#     the script passes it on, the stand-in checkpoints and exits 75, and the script requeues its own task.
# Both are made eligible again at once (Slurm otherwise holds a requeued job for about two minutes). Every task must
# end COMPLETED with exit 0 and a complete shard folder; the two requeued ones must have seen SLURM_RESTART_COUNT=1 and
# continued from the step they checkpointed, the others must have run once. Every wait is bounded
# ($ONNXINVERT_SLURM_SMOKE_WAIT seconds, default 240, for the whole array). Exit 0 when all checks pass.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="${ONNXINVERT_SLURM_DIR:-/tmp/onnxinvert-slurm}"
limit="${ONNXINVERT_SLURM_SMOKE_WAIT:-240}"
steps=12
retriable=75

say() { echo "slurm/smoke: $*" >&2; }

# shellcheck source=session.sh
source "$here/session.sh" smoke

# A stand-in for onnxinvert with the behaviour the sbatch file relies on: `invert ... --out OUT` counts to
# SMOKE_STEPS, one step a second, in OUT/shard-IIIII-of-NNNNN/, keeping its step there; on USR1 or TERM it
# checkpoints and exits with the retriable code; once done it writes _SUCCESS.
cat > "$work/onnxinvert" <<'FAKE'
#!/usr/bin/env bash
set -u
out=""
while (( $# > 0 )); do [[ "$1" == --out ]] && { out="$2"; shift; }; shift; done
id="$SLURM_ARRAY_TASK_ID"
restart="${SLURM_RESTART_COUNT:-0}"
shard="$out/$(printf 'shard-%05d-of-%05d' "$id" "$SLURM_ARRAY_TASK_COUNT")"
mkdir -p "$shard"
state="$shard/step"
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
    exit "$SMOKE_RETRIABLE"
  fi
  step=$((step + 1))
  save
done
echo "done restart=$restart steps=$step" >> "$log"
: > "$shard/_SUCCESS"
FAKE
chmod +x "$work/onnxinvert"

deadline=$((SECONDS + limit))
left() { (( SECONDS < deadline )) || { say "timed out after ${limit} s: $1"; squeue >&2 || true; exit 1; }; }
field() { scontrol -o show job "$1" 2>/dev/null | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n 1; }
current_step() { cat "$work/out/$(printf 'shard-%05d-of-%05d' "$1" 4)/step" 2>/dev/null || echo 0; }

sbatch_file="$here/../../deploy/slurm/invert-array.sbatch"
# The deploy file asks for more than this node may have: resources and logs are overridden, nothing else.
overrides=(--array=0-3 --cpus-per-task=1 --mem=100M --time=10 --output="$work/%A_%a.out" --job-name=onnxinvert-smoke)
exports="ALL,ONNXINVERT=$work/onnxinvert,MODEL=model.onnx,IMAGES=images,OUT=$work/out,SMOKE_WORK=$work,SMOKE_STEPS=$steps,SMOKE_RETRIABLE=$retriable"
sbatch --test-only "${overrides[@]}" --export="$exports" "$sbatch_file" >/dev/null 2>&1 \
  || { say "sbatch --test-only rejects $sbatch_file: $(sbatch --test-only "${overrides[@]}" --export="$exports" "$sbatch_file" 2>&1)"; exit 1; }
job="$(sbatch --parsable "${overrides[@]}" --export="$exports" "$sbatch_file")"
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
  check "$task" "[[ -f '$work/${job}_$task.out' ]]" "its own log file ${job}_$task.out"
  check "$task" "grep -qx 'done restart=[01] steps=$steps' '$log'" "to count to $steps"
  check "$task" "[[ -f '$work/out/$(printf 'shard-%05d-of-%05d' "$task" 4)/_SUCCESS' ]]" "its shard folder marked complete"
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
check 2 "grep -Eqx 'checkpoint restart=0 step=[0-9]+ signal=USR1' '$work/task-2.log'" "to checkpoint on the USR1 the script passed on"
check 2 "grep -q '^checkpointed before the time limit; requeueing' '$work/${job}_2.out'" "the script to requeue itself"
check 1 "grep -Eqx 'checkpoint restart=0 step=[0-9]+ signal=TERM' '$work/task-1.log'" "to checkpoint on SIGTERM"

if (( failures > 0 )); then
  say "$failures checks failed"
  exit 1
fi
say "passed: 4 tasks completed; task 1 (scontrol requeue) and task 2 (USR1, self-requeue) restarted from their checkpoints"
