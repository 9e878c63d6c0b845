"""The OnnxInvert Python tooling: run every script from the repository root as a module,
``/usr/bin/python3 -m tools.<group>.<script>`` (tools/README.md lists them)."""
