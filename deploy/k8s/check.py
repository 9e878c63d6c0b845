#!/usr/bin/python3
"""Checks deploy/k8s/invert-indexed-job.yaml without a cluster (kubectl's dry run needs an API server).

Parses the YAML and checks what batch projection relies on: an Indexed Job whose completions equal onnxinvert's
--shard-count, --resume, backoffLimitPerIndex, a podFailurePolicy that ignores DisruptionTarget and the retriable
exit code (read from ShardExitCodes.cs, so the two cannot drift apart), restartPolicy Never and a grace period.
Exit 0 when every check passes; otherwise each failed check is printed and the exit code is 1.
"""
import pathlib
import re
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
JOB = ROOT / "deploy/k8s/invert-indexed-job.yaml"
CODES = ROOT / "src/OnnxInvert.Inversion/Jobs/Sharding/ShardExitCodes.cs"


def main() -> int:
    job = yaml.safe_load(JOB.read_text())
    retriable = int(re.search(r"const int Retriable = (\d+);", CODES.read_text()).group(1))
    spec = job.get("spec", {})
    pod = spec.get("template", {}).get("spec", {})
    containers = pod.get("containers", [])
    command = containers[0].get("command", []) if containers else []
    rules = spec.get("podFailurePolicy", {}).get("rules", [])

    def flag(name):
        return command[command.index(name) + 1] if name in command and command.index(name) + 1 < len(command) else None

    ignored_codes = {
        code
        for rule in rules
        if rule.get("action") == "Ignore" and "onExitCodes" in rule
        for code in rule["onExitCodes"].get("values", [])
        if rule["onExitCodes"].get("operator") == "In"
    }
    checks = {
        "kind is a batch/v1 Job": job.get("apiVersion") == "batch/v1" and job.get("kind") == "Job",
        "completionMode is Indexed": spec.get("completionMode") == "Indexed",
        "completions equal --shard-count": str(spec.get("completions")) == flag("--shard-count"),
        "backoffLimitPerIndex is set": isinstance(spec.get("backoffLimitPerIndex"), int),
        "DisruptionTarget is ignored": any(
            r.get("action") == "Ignore" and any(c.get("type") == "DisruptionTarget" for c in r.get("onPodConditions", []))
            for r in rules
        ),
        f"exit code {retriable} (ShardExitCodes.Retriable) is ignored": retriable in ignored_codes,
        "exit-code rules name the container": all(
            r["onExitCodes"].get("containerName") in {c.get("name") for c in containers} for r in rules if "onExitCodes" in r
        ),
        "restartPolicy is Never": pod.get("restartPolicy") == "Never",
        "terminationGracePeriodSeconds is set": isinstance(pod.get("terminationGracePeriodSeconds"), int),
        "the command is onnxinvert invert ... --resume": command[:2] == ["onnxinvert", "invert"] and "--resume" in command,
    }
    failed = [name for name, ok in checks.items() if not ok]
    for name in failed:
        print(f"deploy/k8s/check: FAILED: {name}", file=sys.stderr)
    if not failed:
        print(f"deploy/k8s/check: {JOB.relative_to(ROOT)}: {len(checks)} checks passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
