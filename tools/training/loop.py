"""The training loop helpers the GAN training scripts share: the recorded command line, run preparation, one
optimiser update, the log line, the batch stream and the checkpoint."""
from __future__ import annotations

import argparse
import shlex
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

from tools.datasets import mnist


def command_line(argv: list[str]) -> str:
    """The command that ran: the training module being run as ``python3 -m`` (not this one) and argv."""
    spec = getattr(sys.modules["__main__"], "__spec__", None)
    module = spec.name if spec is not None else Path(sys.argv[0]).stem
    return shlex.join(["/usr/bin/python3", "-m", module, *argv])


def prepare_run(args: argparse.Namespace) -> Path:
    """Threads and deterministic kernels for a training run; creates and returns args.out."""
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)
    args.out.mkdir(parents=True, exist_ok=True)
    return args.out


def optimise(optimizer: torch.optim.Optimizer, loss: torch.Tensor) -> None:
    """One update of optimizer's parameters down the gradient of loss."""
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()


def report(it: int, history: dict, every: int, start: float, extra: str = "") -> None:
    """The training log line: mean D and G losses over the last `every` iterations, `extra`, and the time so far."""
    window = slice(-every, None)
    print(f"iter {it:5d}  D {np.mean(history['d_loss'][window]):.3f}  G {np.mean(history['g_loss'][window]):.3f}"
          f"{extra}  {time.perf_counter() - start:6.1f}s", flush=True)


def batches(n: int, batch_size: int, gen: torch.Generator):
    """Endless stream of index batches: a fresh permutation per epoch, the last partial batch dropped."""
    while True:
        order = torch.randperm(n, generator=gen)
        for start in range(0, n - batch_size + 1, batch_size):
            yield order[start:start + batch_size]


def save_checkpoint(g: nn.Module, d: nn.Module, args: argparse.Namespace, out: Path) -> None:
    """G and D state dicts and the arguments, to $CACHE/checkpoints/<out folder name>/gan.pt (not the repository)."""
    checkpoint_dir = mnist.cache_root() / "checkpoints" / out.name
    checkpoint_dir.mkdir(parents=True, exist_ok=True)
    torch.save({"generator": g.state_dict(), "discriminator": d.state_dict(), "args": vars(args) | {"out": str(out)}},
               checkpoint_dir / "gan.pt")
