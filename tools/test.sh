#!/usr/bin/env bash
# Builds OnnxInvert and runs every test project; prints one "N passed, N failed, N skipped" line at the end.
# Installs missing system packages first (tools/prerequisites.sh). Extra arguments go to `dotnet test`.
set -uo pipefail
cd "$(dirname "$0")/.."

bash tools/prerequisites.sh --tests || exit 1
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

dotnet test OnnxInvert.sln -c Release --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# dotnet prints one summary per test assembly: "Passed!  - Failed: 0, Passed: 33, Skipped: 0, Total: 33, ..."
read -r passed failed skipped < <(grep -E '(Passed|Failed)! +- +Failed:' "$log" \
  | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' \
  | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
echo
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [[ $status -ne 0 && $failed -eq 0 ]]; then
  echo "dotnet test exited with $status (build or test-host failure; see above)" >&2
fi
exit $status
