#!/usr/bin/python3
"""Records torch.optim trajectories for OnnxInvert's optimiser tests.

Each case starts from a fixed parameter vector and takes a few steps; the gradient at step t is that of a fixed
quadratic 0.5 * (x - c)^T diag(a) (x - c) plus a fixed random sequence (so momentum and adaptive state matter).
The JSON written beside this script holds the settings, the start, the gradients fed and the parameters after every
step. Run with Debian's python3 (torch 1.13):  /usr/bin/python3 -m tools.optimizer_references.make_trajectories
"""
import json
import math
import os
import sys

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "OnnxInvert.Inversion.Tests",
                   "Fixtures", "optimizer_trajectories.json")
STEPS = 6
SIZE = 5

CASES = [
    ("rmsprop_default", torch.optim.RMSprop, dict(lr=0.01)),
    ("rmsprop_momentum_centered", torch.optim.RMSprop, dict(lr=0.01, alpha=0.9, eps=1e-6, momentum=0.5, centered=True, weight_decay=0.1)),
    ("adam_default", torch.optim.Adam, dict(lr=0.01)),
    ("adam_betas_wd", torch.optim.Adam, dict(lr=0.05, betas=(0.5, 0.99), eps=1e-6, weight_decay=0.01)),
    ("sgd_plain", torch.optim.SGD, dict(lr=0.1)),
    ("sgd_momentum", torch.optim.SGD, dict(lr=0.1, momentum=0.9)),
    ("sgd_nesterov_wd", torch.optim.SGD, dict(lr=0.05, momentum=0.8, nesterov=True, weight_decay=0.1)),
    ("sgd_dampening", torch.optim.SGD, dict(lr=0.05, momentum=0.7, dampening=0.3)),
]


def main():
    torch.manual_seed(0)
    a = torch.rand(SIZE) * 2 + 0.5
    c = torch.randn(SIZE)
    noise = torch.randn(STEPS, SIZE) * 0.3
    start = torch.randn(SIZE)
    cases = []
    for name, cls, kwargs in CASES:
        x = start.clone().requires_grad_(True)
        opt = cls([x], **kwargs)
        grads, params = [], []
        for t in range(STEPS):
            opt.zero_grad()
            with torch.no_grad():
                g = a * (x - c) + noise[t]
            x.grad = g.clone()
            grads.append(g.tolist())
            opt.step()
            params.append(x.detach().clone().tolist())
        settings = {k: (list(v) if isinstance(v, tuple) else v) for k, v in kwargs.items()}
        cases.append(dict(name=name, optimizer=cls.__name__.lower(), settings=settings, start=start.tolist(),
                          gradients=grads, parameters=params))
    # StyleGAN2 projector (projector.py): lr_ramp = min(1, (1 - t) / down); 0.5 - 0.5 cos(pi * lr_ramp); * min(1, t / up)
    ramp = []
    for step in range(0, 101, 5):
        t = step / 100
        r = min(1.0, (1.0 - t) / 0.25)
        r = 0.5 - 0.5 * math.cos(r * math.pi)
        ramp.append([step, r * min(1.0, t / 0.05)])
    doc = dict(torch=torch.__version__, steps=STEPS, size=SIZE, cases=cases, ramp_schedule=dict(steps=100, up=0.05, down=0.25, factors=ramp),
               note="gradients[t] is fed before step t; parameters[t] is the parameter after step t")
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1)
    print(f"wrote {os.path.relpath(OUT)}: {len(cases)} cases x {STEPS} steps (torch {torch.__version__})", file=sys.stderr)


if __name__ == "__main__":
    main()
