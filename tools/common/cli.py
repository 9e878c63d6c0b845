"""Where the repository and the onnxinvert CLI built from it are: the one place scripts find the binary.

Build it first with ``dotnet build src/OnnxInvert.Cli -c Release``."""
from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
BUILD_DIR = REPO_ROOT / "src" / "OnnxInvert.Cli" / "bin" / "Release" / "net10.0"
BINARY = BUILD_DIR / "onnxinvert"
"""The native launcher (apphost)."""
DLL = BUILD_DIR / "onnxinvert.dll"
"""The same program for ``dotnet onnxinvert.dll`` (where a launcher cannot be used)."""


def missing(binary: Path = BINARY) -> str | None:
    """None when `binary` exists, else the message to stop with (it names the build command)."""
    return None if Path(binary).exists() else f"{binary} not found: run `dotnet build src/OnnxInvert.Cli -c Release` first"
