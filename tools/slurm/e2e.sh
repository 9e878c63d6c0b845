#!/usr/bin/env bash
# End-to-end test of sharded batch projection on a real single-node Slurm (tools/slurm/start.sh; started here when it
# is not running, and stopped again at the end): submits deploy/slurm/invert-array.sbatch with the real onnxinvert as a
# 4-task array over the sample digits (onnx-models/samples/mnist/, 16 images, so 4 per shard), requeues task 1 while it
# is inverting (scontrol requeue: what preemption does; onnxinvert gets SIGTERM through the script, saves, exits 75,
# and the requeued task resumes with --resume), waits, merges with `onnxinvert merge`, and compares the merge with a
# single-process run of the same images and settings: same items in the same order, latents and mean MSE equal within
# the tolerance of two runs at different batch sizes. Only the sbatch file's resources and log folder are overridden.
# Every wait is bounded ($ONNXINVERT_SLURM_E2E_WAIT seconds for the array, default 600). Builds the CLI (Release) when
# its build is missing. Exit 0 when all checks pass.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dir="${ONNXINVERT_SLURM_DIR:-/tmp/onnxinvert-slurm}"
limit="${ONNXINVERT_SLURM_E2E_WAIT:-600}"
steps="${ONNXINVERT_SLURM_E2E_STEPS:-100}"
model="$root/onnx-models/mnist-table1-uniform/generator.onnx"
images="$root/onnx-models/samples/mnist"
# shellcheck source=../cli-build.sh
source "$root/tools/cli-build.sh"
dll="$onnxinvert_build/onnxinvert.dll"
retriable=75

say() { echo "slurm/e2e: $*" >&2; }

if [[ ! -f "$dll" ]]; then
  say "building the CLI"
  dotnet build "$root/src/OnnxInvert.Cli" -c Release -nologo -v q >/dev/null
fi

# shellcheck source=session.sh
source "$here/session.sh" e2e

# The real onnxinvert, run from its build; exec keeps the pid the script forwards signals to.
cat > "$work/onnxinvert" <<WRAP
#!/usr/bin/env bash
exec dotnet "$dll" "\$@"
WRAP
chmod +x "$work/onnxinvert"

settings="--steps $steps --batch 4 --seed 7"
deadline=$((SECONDS + limit))
left() { (( SECONDS < deadline )) || { say "timed out after ${limit} s: $1"; squeue >&2 || true; exit 1; }; }
field() { scontrol -o show job "$1" 2>/dev/null | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n 1; }
shard_dir() { printf '%s/out/shard-%05d-of-%05d' "$work" "$1" 4; }

sbatch_file="$root/deploy/slurm/invert-array.sbatch"
overrides=(--array=0-3 --cpus-per-task=1 --mem=1G --time=30 --output="$work/%A_%a.out" --job-name=onnxinvert-e2e)
exports="ALL,ONNXINVERT=$work/onnxinvert,MODEL=$model,IMAGES=$images,OUT=$work/out,INVERT_ARGS=$settings --threads 1"
job="$(sbatch --parsable "${overrides[@]}" --export="$exports" "$sbatch_file")"
job="${job%%;*}"
say "submitted array job $job"

# The single-process reference runs meanwhile, outside Slurm.
env -u SLURM_ARRAY_TASK_ID -u JOB_COMPLETION_INDEX dotnet "$dll" invert --model "$model" --images "$images" --out "$work/single" \
  $settings --threads 1 > "$work/single.log" 2>&1 &
single=$!

# Requeue task 1 once it is inverting: its shard.json is written when the model is loaded and inversion begins.
id1="${job}_1"
until [[ "$(field "$id1" JobState)" == RUNNING && -f "$(shard_dir 1)/shard.json" ]]; do left "task 1 never started inverting"; sleep 0.2; done
scontrol requeue "$id1"
until [[ "$(field "$id1" JobState)" == PENDING && "$(field "$id1" Restarts)" == 1 ]]; do left "task 1 was not requeued"; sleep 0.5; done
scontrol update JobId="$id1" StartTime=now
say "task 1 requeued while inverting"

while [[ -n "$(squeue -h -j "$job" 2>/dev/null)" ]]; do left "the array did not finish"; sleep 1; done
wait "$single" || { say "the single-process run failed"; cat "$work/single.log" >&2; exit 1; }

failures=0
check() { if ! eval "$2"; then say "task $1: expected $3"; failures=$((failures + 1)); fi; }
for task in 0 1 2 3; do
  id="${job}_$task"
  check "$task" "[[ \$(field $id JobState) == COMPLETED && \$(field $id ExitCode) == 0:0 ]]" "COMPLETED with exit 0 (got $(field "$id" JobState) $(field "$id" ExitCode))"
  check "$task" "[[ -f '$(shard_dir "$task")/_SUCCESS' ]]" "its shard folder marked complete"
done
check 1 "[[ \$(field $id1 Restarts) == 1 ]]" "Restarts=1 in scontrol"
check 1 "grep -q 'restart 1' '$work/${job}_1.out'" "a second run (SLURM_RESTART_COUNT=1) in its log"
check 1 "grep -q 'exit code $retriable' '$work/${job}_1.out'" "onnxinvert to save and exit $retriable on the requeue's SIGTERM"
# A stop after the first step checkpoints the images in flight; the requeued run must then continue them from there.
if grep -q 'in flight checkpointed' "$work/${job}_1.out"; then
  check 1 "grep -q 'in flight from checkpoint.json at the step they reached' '$work/${job}_1.out'" "the requeued run to continue the images in flight from checkpoint.json"
  say "task 1 checkpointed its images in flight and its requeued run continued them"
else
  say "task 1 was stopped before its first step (nothing in flight to checkpoint)"
fi

dotnet "$dll" merge "$work/out" --out "$work/merged" >&2 || { say "merge failed"; exit 1; }
python3 - "$work/single" "$work/merged" <<'PY' || failures=$((failures + 1))
import array, ast, csv, json, sys
def npy(path):  # a float32 .npy (format 1.0), stdlib only
    with open(path, "rb") as f:
        raw = f.read()
    n = int.from_bytes(raw[8:10], "little")
    header = ast.literal_eval(raw[10:10 + n].decode("latin1"))
    assert header["descr"] == "<f4" and not header["fortran_order"], header
    values = array.array("f"); values.frombytes(raw[10 + n:])
    return tuple(header["shape"]), values
single, merged = sys.argv[1], sys.argv[2]
(sa_shape, a), (sb_shape, b) = npy(f"{single}/latents.npy"), npy(f"{merged}/latents.npy")
sa = [r["source"] for r in csv.DictReader(open(f"{single}/index.csv"))]
sb = [r["source"] for r in csv.DictReader(open(f"{merged}/index.csv"))]
ma = json.load(open(f"{single}/summary.json"))["mean_mse"]; mb = json.load(open(f"{merged}/summary.json"))["mean_mse"]
diff = max(abs(x - y) for x, y in zip(a, b))
print(f"slurm/e2e: {len(sb)} items {sb_shape}; max |latent difference| {diff:.2e}; mean MSE {ma:.6g} single, {mb:.6g} merged", file=sys.stderr)
ok = sa_shape == sb_shape and sa == sb and diff < 1e-3 and abs(ma - mb) <= 1e-4 * max(ma, 1e-9) + 1e-6
sys.exit(0 if ok else 1)
PY

if (( failures > 0 )); then
  say "$failures checks failed"
  exit 1
fi
say "passed: 4 tasks completed, task 1 requeued mid-run and resumed; the merge equals the single-process run"
