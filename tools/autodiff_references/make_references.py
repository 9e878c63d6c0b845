#!/usr/bin/python3
"""PyTorch-autograd oracle fixtures for the OnnxInvert gradient (VJP) builder.

For each case this script builds a small, randomly initialised generator (fixed seeds), exports it to ONNX with a
dynamic batch axis, and writes under tests/OnnxInvert.Autodiff.Tests/Fixtures/torch/<case>/:

    model.onnx       the exported generator (graph inputs: the latent(s); graph output: `image`)
    <input>.npy      latent input(s), float32, batch B = 4
    v.npy            cotangent, float32, same shape as the output, N(0, 1)
    y.npy            G(z) computed by PyTorch (float32)
    <grad>.npy       v^T dG/d<input> from torch.autograd.grad(y, inputs, v) (float32)
    case.json        file naming, shapes, notes, ONNX op histogram, Resize attributes, float32-vs-float64 error

Run with Debian's interpreter (python3-torch 1.13.1, python3-onnx 1.12, python3-numpy):

    /usr/bin/python3 -m tools.autodiff_references.make_references

Options: --out DIR (default: the fixture folder above, relative to the repository root), --only CASE[,CASE...],
--no-readme (do not rewrite the generated block of tools/autodiff_references/README.md).
Everything is deterministic: running it twice gives byte-identical files (checked; see README.md).
"""

import argparse
import collections
import copy
import hashlib
import io
import json
import os
import sys
import warnings

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import onnx
from onnx import numpy_helper, shape_inference

OPSET = 17  # highest opset torch 1.13 exports (torch.onnx._constants.ONNX_MAX_OPSET == 17)
BATCH = 4
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_OUT = os.path.join(REPO, "tests", "OnnxInvert.Autodiff.Tests", "Fixtures", "torch")
README = os.path.join(os.path.dirname(os.path.abspath(__file__)), "README.md")


# ----------------------------------------------------------------------------------------------------------------
# Random initialisation helpers (all draws from an explicit torch.Generator, so the result does not depend on the
# order in which cases run).
# ----------------------------------------------------------------------------------------------------------------

def randomise_weights(model, gen):
    """He-style normal weights, std = sqrt(2 / fan_in) (for ConvTranspose the fan-in per output pixel is
    in*k*k/stride^2), and biases ~ N(0, 0.1): keeps activations O(1) through the net, so Tanh/Sigmoid outputs are not
    stuck in their linear region (PyTorch's default init shrinks the signal layer after layer). The last layer (the
    one feeding Tanh/Sigmoid) gets std = sqrt(0.5 / fan_in), so few outputs saturate."""
    layers = [m for m in model.modules() if isinstance(m, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d))]
    with torch.no_grad():
        for i, m in enumerate(layers):
            if isinstance(m, nn.ConvTranspose2d):
                fan_in = m.weight.shape[0] * m.weight[0, 0].numel() / (m.stride[0] * m.stride[1])
            else:
                fan_in = m.weight[0].numel()
            gain = 0.5 if i == len(layers) - 1 else 2.0
            m.weight.copy_(torch.randn(m.weight.shape, generator=gen) * (gain / fan_in) ** 0.5)
            if m.bias is not None:
                m.bias.copy_(torch.randn(m.bias.shape, generator=gen) * 0.1)


def randomise_norm_layers(model, gen):
    """BN: running_mean ~ N(0, 0.1), running_var ~ U(0.5, 1.5), weight ~ U(0.5, 1.5), bias ~ N(0, 0.1) (so eval-mode
    BN is not the identity). InstanceNorm affine: same for weight/bias. PReLU: per-channel slopes ~ U(0.05, 0.5)."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
                c = m.num_features
                m.running_mean.copy_(torch.randn(c, generator=gen) * 0.1)
                m.running_var.copy_(torch.rand(c, generator=gen) + 0.5)
                m.weight.copy_(torch.rand(c, generator=gen) + 0.5)
                m.bias.copy_(torch.randn(c, generator=gen) * 0.1)
                m.num_batches_tracked.fill_(100)
            elif isinstance(m, nn.InstanceNorm2d) and m.affine:
                c = m.num_features
                m.weight.copy_(torch.rand(c, generator=gen) + 0.5)
                m.bias.copy_(torch.randn(c, generator=gen) * 0.1)
            elif isinstance(m, nn.PReLU):
                m.weight.copy_(torch.rand(m.weight.shape, generator=gen) * 0.45 + 0.05)


# ----------------------------------------------------------------------------------------------------------------
# The generators.
# ----------------------------------------------------------------------------------------------------------------

class DCGAN(nn.Module):
    """z [B,16] -> [B,16,1,1] -> ConvT(16->32,k4,s1,p0)+BN+ReLU -> ConvT(32->16,k4,s2,p1)+BN+ReLU
    -> ConvT(16->3,k4,s2,p1) -> Tanh; output [B,3,16,16]."""

    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.ConvTranspose2d(16, 32, 4, 1, 0, bias=False), nn.BatchNorm2d(32), nn.ReLU(True),
            nn.ConvTranspose2d(32, 16, 4, 2, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU(True),
            nn.ConvTranspose2d(16, 3, 4, 2, 1, bias=False), nn.Tanh())

    def forward(self, z):
        return self.net(z.view(-1, 16, 1, 1))  # exports as Reshape with the constant shape [-1,16,1,1]


class MnistTable1(nn.Module):
    """Creswell & Bharath, Table 1 G(z), narrowed: z [B,8] -> FC 32 + BN1d + ReLU -> FC 8*7*7 + BN1d + ReLU
    -> reshape [8,7,7] -> nearest x2 + conv 4 5x5 p2 + BN2d + ReLU -> nearest x2 + conv 1 5x5 p2 -> Sigmoid."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Sequential(
            nn.Linear(8, 32), nn.BatchNorm1d(32), nn.ReLU(True),
            nn.Linear(32, 8 * 7 * 7), nn.BatchNorm1d(8 * 7 * 7), nn.ReLU(True))
        self.conv = nn.Sequential(
            nn.Upsample(scale_factor=2, mode="nearest"), nn.Conv2d(8, 4, 5, padding=2), nn.BatchNorm2d(4),
            nn.ReLU(True),
            nn.Upsample(scale_factor=2, mode="nearest"), nn.Conv2d(4, 1, 5, padding=2), nn.Sigmoid())

    def forward(self, z):
        h = self.fc(z)
        # x.size(0) exports as the dynamic Shape -> Gather -> Unsqueeze -> Concat -> Reshape chain.
        return self.conv(h.view(h.size(0), 8, 7, 7))


class SkipNet(nn.Module):
    """z [B,16] -> Linear 128 -> reshape [B,8,4,4] -> InstanceNorm2d(affine) -> PReLU(8) = p
    main:  p -> PixelShuffle(2) [B,2,8,8] -> bilinear x2 (align_corners=False) [B,2,16,16] -> Conv 3x3 (2->6) = c
    skip:  p -> nearest x4 [B,8,16,16] -> channel slice [:, 1:5:2] (Slice with step 2) [B,2,16,16] = s
    out:   Concat([c, s], channel) [B,8,16,16] -> Conv 1x1 (8->3) -> Sigmoid; output [B,3,16,16]."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(16, 8 * 4 * 4)
        self.inorm = nn.InstanceNorm2d(8, affine=True)
        self.prelu = nn.PReLU(num_parameters=8)
        self.shuffle = nn.PixelShuffle(2)
        self.up_bilinear = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False)
        self.conv3 = nn.Conv2d(2, 6, 3, padding=1)
        self.up_skip = nn.Upsample(scale_factor=4, mode="nearest")
        self.conv1 = nn.Conv2d(8, 3, 1)

    def forward(self, z):
        p = self.prelu(self.inorm(self.fc(z).reshape(-1, 8, 4, 4)))
        c = self.conv3(self.up_bilinear(self.shuffle(p)))
        s = self.up_skip(p)[:, 1:5:2]
        return torch.sigmoid(self.conv1(torch.cat([c, s], dim=1)))


class MultiLatent(nn.Module):
    """z [B,8], noise [B,1,8,8] -> Linear(z) reshaped [B,4,8,8] + scale[1,4,1,1] * noise (broadcast over channels)
    -> LeakyReLU(0.2) -> Conv 3x3 (4->4) -> nearest x2 -> Conv 3x3 (4->3) -> Tanh; output [B,3,16,16]."""

    def __init__(self, gen):
        super().__init__()
        self.fc = nn.Linear(8, 4 * 8 * 8)
        self.noise_scale = nn.Parameter(torch.rand(1, 4, 1, 1, generator=gen) + 0.5)
        self.conv_a = nn.Conv2d(4, 4, 3, padding=1)
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.conv_b = nn.Conv2d(4, 3, 3, padding=1)

    def forward(self, z, noise):
        h = self.fc(z).view(z.shape[0], 4, 8, 8) + self.noise_scale * noise
        h = F.leaky_relu(h, 0.2)
        return torch.tanh(self.conv_b(self.up(self.conv_a(h))))


class AlignCornersTrue(nn.Module):
    """z [B,8] -> Linear 50 -> reshape [B,2,5,5] -> bilinear x2, align_corners=True [B,2,10,10] -> Conv 3x3 (2->3)
    -> Tanh; output [B,3,10,10]."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 2 * 5 * 5)
        self.up = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=True)
        self.conv = nn.Conv2d(2, 3, 3, padding=1)

    def forward(self, z):
        return torch.tanh(self.conv(self.up(self.fc(z).view(-1, 2, 5, 5))))


class InterpolateSizes(nn.Module):
    """z [B,8] -> Linear 48 -> reshape [B,2,4,6] -> F.interpolate(size=(10,14), mode) (factors 2.5 x 2.333)
    -> Conv 3x3 (2->3) -> Tanh; output [B,3,10,14]."""

    def __init__(self, mode, align_corners=None):
        super().__init__()
        self.mode = mode
        self.align_corners = align_corners
        self.fc = nn.Linear(8, 2 * 4 * 6)
        self.conv = nn.Conv2d(2, 3, 3, padding=1)

    def forward(self, z):
        h = self.fc(z).view(-1, 2, 4, 6)
        h = F.interpolate(h, size=(10, 14), mode=self.mode, align_corners=self.align_corners)
        return torch.tanh(self.conv(h))


class ExporterActivations(nn.Module):
    """z [B,16] -> Linear 64 -> reshape [B,4,4,4] -> HardSwish -> Conv 3x3 -> GELU (exact; exports as Erf chain)
    -> nearest x2 -> Conv 3x3 -> GELU (tanh approximation; exports as a Tanh/Pow chain) -> Mish (exports as
    Softplus/Tanh/Mul at opset 17) -> Conv 3x3 (4->3) -> Tanh; output [B,3,8,8]."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(16, 4 * 4 * 4)
        self.conv_a = nn.Conv2d(4, 4, 3, padding=1)
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.conv_b = nn.Conv2d(4, 4, 3, padding=1)
        self.conv_c = nn.Conv2d(4, 3, 3, padding=1)

    def forward(self, z):
        h = F.hardswish(self.fc(z).view(-1, 4, 4, 4) * 3)
        h = F.gelu(self.conv_a(h))
        h = F.gelu(self.conv_b(self.up(h)), approximate="tanh")
        return torch.tanh(self.conv_c(F.mish(h)))


class ExporterIndexing(nn.Module):
    """z [B,16] -> Linear 64 -> reshape [B,4,4,4] = h -> torch.maximum(h, h.flip(2)) (Max, Slice step -1)
    -> torch.gather over channels with a fixed index map (GatherElements, indices expanded to the batch)
    -> einsum('bchw,dc->bdhw') with a 3x4 weight (Einsum) -> + amax over w (ReduceMax) -> / (1 + L2 norm over
    channels) (ReduceL2) -> + logsumexp over h (ReduceLogSumExp) -> cumsum over w (CumSum) -> Tanh; [B,3,4,4]."""

    def __init__(self, gen):
        super().__init__()
        self.fc = nn.Linear(16, 4 * 4 * 4)
        self.mix = nn.Parameter(torch.randn(3, 4, generator=gen) * 0.5)
        self.register_buffer("index", torch.randint(0, 4, (1, 4, 4, 4), generator=gen))

    def forward(self, z):
        h = self.fc(z).view(-1, 4, 4, 4)
        h = torch.maximum(h, h.flip(2))
        h = torch.gather(h, 1, self.index.expand(h.shape[0], -1, -1, -1))
        h = torch.einsum("bchw,dc->bdhw", h, self.mix)
        h = h + torch.amax(h, dim=3, keepdim=True)
        h = h / (1 + torch.norm(h, dim=1, keepdim=True))
        h = h + torch.logsumexp(h, dim=2, keepdim=True)
        return torch.tanh(torch.cumsum(h, dim=3) * 0.5)


# ----------------------------------------------------------------------------------------------------------------
# Case table.
# ----------------------------------------------------------------------------------------------------------------

CASES = collections.OrderedDict()


def case(name, seed, inputs, batch_statistics=False, notes=""):
    """inputs: list of (input name, shape without batch, npy file name, grad npy file name)."""
    def register(builder):
        CASES[name] = dict(name=name, seed=seed, build=builder, inputs=inputs,
                           batch_statistics=batch_statistics, notes=notes)
        return builder
    return register


@case("dcgan", 101, [("z", (16,), "z.npy", "vjp.npy")],
      notes="DCGAN-style ConvTranspose generator, eval-mode BatchNorm2d (running statistics, randomised).")
def build_dcgan(gen):
    return DCGAN()


@case("mnist_table1", 202, [("z", (8,), "z.npy", "vjp.npy")],
      notes="Creswell & Bharath Table 1 MNIST generator, narrowed; eval-mode BatchNorm (running statistics).")
def build_mnist(gen):
    return MnistTable1()


@case("mnist_table1_batchstats", 202, [("z", (8,), "z.npy", "vjp.npy")], batch_statistics=True,
      notes="Same module and weights as mnist_table1 (same seed), evaluated with BATCH statistics (train-mode "
            "BatchNorm, biased batch variance in the normalisation); the reference gradient flows through the batch "
            "mean and variance, so samples in the batch are coupled: vjp row i depends on v and z of every row. "
            "Running-statistic updates were kept out of the reference (computed on a deep copy).")
def build_mnist_bs(gen):
    return MnistTable1()


@case("skipnet", 303, [("z", (16,), "z.npy", "vjp.npy")],
      notes="InstanceNormalization(affine), per-channel PRelu, PixelShuffle (DepthToSpace), bilinear Resize x2 "
            "(align_corners=False), nearest Resize x4, strided channel Slice [1:5:2], Concat skip, 1x1 Conv, Sigmoid.")
def build_skipnet(gen):
    return SkipNet()


@case("multi_latent", 404, [("z", (8,), "z.npy", "z_grad.npy"), ("noise", (1, 8, 8), "noise.npy", "noise_grad.npy")],
      notes="Two latent inputs; noise [B,1,8,8] is broadcast over 4 channels by Mul with a learned [1,4,1,1] scale, "
            "so its gradient needs a ReduceSum over the channel axis. LeakyRelu(0.2), nearest Resize x2, Tanh.")
def build_multi(gen):
    return MultiLatent(gen)


@case("align_corners_true", 505, [("z", (8,), "z.npy", "vjp.npy")],
      notes="Bilinear Upsample x2 with align_corners=True (5x5 -> 10x10).")
def build_align(gen):
    return AlignCornersTrue()


@case("nearest_sizes", 606, [("z", (8,), "z.npy", "vjp.npy")],
      notes="F.interpolate(size=(10,14), mode='nearest') from 4x6: non-integer factors 2.5 and 2.333 (PyTorch legacy "
            "nearest = floor(dst * in/out)), so some source pixels get 2 copies and others 3.")
def build_nearest_sizes(gen):
    return InterpolateSizes("nearest")


@case("bilinear_sizes", 707, [("z", (8,), "z.npy", "vjp.npy")],
      notes="F.interpolate(size=(10,14), mode='bilinear', align_corners=False) from 4x6: non-integer factors with "
            "pytorch_half_pixel coordinates.")
def build_bilinear_sizes(gen):
    return InterpolateSizes("bilinear", align_corners=False)


@case("exporter_activations", 808, [("z", (16,), "z.npy", "vjp.npy")],
      notes="HardSwish (exported as the HardSwish op), exact GELU (Erf chain), tanh-approximate GELU (Tanh/Pow "
            "chain), Mish (Softplus/Tanh/Mul chain at opset 17), nearest x2, three 3x3 Convs, Tanh.")
def build_exporter_activations(gen):
    return ExporterActivations()


@case("exporter_indexing", 909, [("z", (16,), "z.npy", "vjp.npy")],
      notes="torch.maximum (Max), flip (Slice with step -1), gather (GatherElements with runtime-expanded indices), "
            "einsum (Einsum), amax (ReduceMax), norm over a dim (ReduceL2), logsumexp (ReduceLogSumExp), cumsum "
            "(CumSum), Tanh.")
def build_exporter_indexing(gen):
    return ExporterIndexing(gen)


# ----------------------------------------------------------------------------------------------------------------
# ONNX inspection.
# ----------------------------------------------------------------------------------------------------------------

def constant_values(model):
    vals = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    for n in model.graph.node:
        if n.op_type == "Constant":
            for a in n.attribute:
                if a.name == "value":
                    vals[n.output[0]] = numpy_helper.to_array(a.t)
    return vals


def attr_dict(node):
    out = {}
    for a in node.attribute:
        v = onnx.helper.get_attribute_value(a)
        if isinstance(v, bytes):
            v = v.decode()
        elif isinstance(v, onnx.TensorProto):
            v = numpy_helper.to_array(v).tolist()
        elif isinstance(v, (list, tuple)):
            v = [x.decode() if isinstance(x, bytes) else x for x in v]
        out[a.name] = v
    return out


def describe_nodes(model, op_types):
    consts = constant_values(model)
    res = []
    for n in model.graph.node:
        if n.op_type not in op_types:
            continue
        d = {"name": n.name, "op": n.op_type, "attributes": attr_dict(n), "inputs": list(n.input),
             "outputs": list(n.output)}
        if n.op_type == "Resize":
            for idx, key in ((1, "roi"), (2, "scales"), (3, "sizes")):
                if len(n.input) > idx and n.input[idx]:
                    nm = n.input[idx]
                    d[key] = consts[nm].tolist() if nm in consts else "dynamic (computed in the graph: %s)" % nm
        res.append(d)
    return res


def dim_str(t):
    dims = []
    for d in t.type.tensor_type.shape.dim:
        dims.append(d.dim_param if d.HasField("dim_param") else (d.dim_value if d.HasField("dim_value") else "?"))
    return dims


# ----------------------------------------------------------------------------------------------------------------
# Main work.
# ----------------------------------------------------------------------------------------------------------------

def save_npy(path, arr):
    arr = np.ascontiguousarray(np.asarray(arr, dtype="<f4"))
    with open(path, "wb") as f:
        np.lib.format.write_array(f, arr, version=(1, 0), allow_pickle=False)


def run_reference(model, tensors, v, train):
    m = copy.deepcopy(model)  # running-stat updates in train mode only touch this copy
    m.train(train)
    xs = [t.clone().requires_grad_(True) for t in tensors]
    y = m(*xs)
    grads = torch.autograd.grad(y, xs, v)
    return y.detach(), [g.detach() for g in grads]


def make_case(spec, out_root):
    name = spec["name"]
    seed = spec["seed"]
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    model = spec["build"](gen)
    randomise_weights(model, gen)
    randomise_norm_layers(model, gen)
    model = model.float()
    train = spec["batch_statistics"]

    data_gen = torch.Generator().manual_seed(seed * 1000 + 7)
    inputs = [torch.randn((BATCH,) + tuple(shape), generator=data_gen) for (_, shape, _, _) in spec["inputs"]]
    with torch.no_grad():
        probe = copy.deepcopy(model).train(train)(*inputs)
    v = torch.randn(probe.shape, generator=data_gen)

    state_before = {k: t.clone() for k, t in model.state_dict().items()}
    y, grads = run_reference(model, inputs, v, train)
    # float64 re-run, to record how far float32 autograd is from the float64 one (a tolerance hint for C# tests).
    y64, grads64 = run_reference(copy.deepcopy(model).double(), [t.double() for t in inputs], v.double(), train)
    for k, t in model.state_dict().items():
        assert torch.equal(t, state_before[k]), "reference run changed %s" % k

    case_dir = os.path.join(out_root, name)
    os.makedirs(case_dir, exist_ok=True)
    onnx_path = os.path.join(case_dir, "model.onnx")

    input_names = [n for (n, _, _, _) in spec["inputs"]]
    dynamic_axes = {n: {0: "batch"} for n in input_names}
    dynamic_axes["image"] = {0: "batch"}
    export_model = copy.deepcopy(model)  # the export's trace run must not touch `model` either
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            export_model, tuple(inputs), buf, input_names=input_names, output_names=["image"],
            dynamic_axes=dynamic_axes, opset_version=OPSET,
            training=torch.onnx.TrainingMode.TRAINING if train else torch.onnx.TrainingMode.EVAL,
            do_constant_folding=not train, export_params=True)
    proto = onnx.load_from_string(buf.getvalue())
    extra_outputs = [o.name for o in proto.graph.output if o.name != "image"]
    if extra_outputs:  # keep only `image` as a graph output
        keep = [o for o in proto.graph.output if o.name == "image"]
        del proto.graph.output[:]
        proto.graph.output.extend(keep)
    # a readable, stable producer string (torch's is "pytorch" + version already); strip nothing else.
    onnx.checker.check_model(proto, full_check=True)
    inferred = shape_inference.infer_shapes(proto, check_type=True, strict_mode=True)
    with open(onnx_path, "wb") as f:
        f.write(proto.SerializeToString())

    files_inputs, files_grads, shapes = {}, {}, {}
    for (n, _, fname, gname), t, g in zip(spec["inputs"], inputs, grads):
        save_npy(os.path.join(case_dir, fname), t.numpy())
        save_npy(os.path.join(case_dir, gname), g.numpy())
        files_inputs[n], files_grads[n] = fname, gname
        shapes[n] = list(t.shape)
    save_npy(os.path.join(case_dir, "v.npy"), v.numpy())
    save_npy(os.path.join(case_dir, "y.npy"), y.numpy())

    hist = collections.Counter(n.op_type for n in proto.graph.node)
    bn_nodes = describe_nodes(proto, {"BatchNormalization"})
    resize_nodes = describe_nodes(proto, {"Resize", "Upsample"})
    other_nodes = describe_nodes(proto, {"ConvTranspose", "DepthToSpace", "PRelu", "InstanceNormalization",
                                         "LeakyRelu", "Slice"})
    notes = spec["notes"]
    n_bn = len(bn_nodes)
    if train:
        tm = [d["attributes"].get("training_mode", 0) for d in bn_nodes]
        notes += (" ONNX structure: %d BatchNormalization nodes with training_mode=%s, exported with "
                  "TrainingMode.TRAINING and do_constant_folding=False." % (n_bn, tm))
        if extra_outputs:
            notes += " Extra graph outputs removed: %s." % extra_outputs
        n_out = [len(d["outputs"]) for d in bn_nodes]
        notes += " BatchNormalization output counts %s (outputs 2-3 are the updated running mean/var, unused)." % n_out
    elif name == "mnist_table1":
        notes += (" torch's eval-mode export peephole fused Conv+BatchNorm2d into the Conv weights, so only the two "
                  "BatchNorm1d remain as BatchNormalization nodes (on 2-D [B,C] inputs).")

    y_err = float((y.double() - y64).abs().max())
    g_err = {n: float((g.double() - g64).abs().max()) for (n, _, _, _), g, g64 in zip(spec["inputs"], grads, grads64)}
    g_scale = {n: float(g.abs().max()) for (n, _, _, _), g in zip(spec["inputs"], grads)}

    meta = collections.OrderedDict()
    meta["inputs"] = files_inputs
    meta["output"] = "image"
    meta["cotangent"] = "v.npy"
    meta["expected_output"] = "y.npy"
    meta["expected_grads"] = files_grads
    meta["batch_statistics"] = train
    meta["notes"] = notes
    meta["input_shapes"] = shapes
    meta["output_shape"] = list(y.shape)
    meta["onnx_input_shapes"] = {i.name: dim_str(i) for i in inferred.graph.input}
    meta["onnx_output_shapes"] = {o.name: dim_str(o) for o in inferred.graph.output}
    meta["opset"] = OPSET
    meta["seed"] = seed
    meta["torch_version"] = torch.__version__
    meta["op_histogram"] = dict(sorted(hist.items()))
    meta["batch_normalization_nodes"] = [{k: d[k] for k in ("name", "attributes", "outputs")} for d in bn_nodes]
    meta["resize_nodes"] = resize_nodes
    meta["other_nodes_of_interest"] = [{k: d[k] for k in ("name", "op", "attributes")} for d in other_nodes]
    meta["float32_vs_float64"] = {"max_abs_diff_output": y_err, "max_abs_diff_grads": g_err,
                                  "max_abs_grads": g_scale}
    with open(os.path.join(case_dir, "case.json"), "w") as f:
        json.dump(meta, f, indent=2, sort_keys=False)
        f.write("\n")
    return meta


def verify_case(out_root, name, meta):
    d = os.path.join(out_root, name)
    problems = []
    for fn in list(meta["inputs"].values()) + list(meta["expected_grads"].values()) + ["v.npy", "y.npy"]:
        with open(os.path.join(d, fn), "rb") as f:
            if np.lib.format.read_magic(f) != (1, 0):
                problems.append("%s: not npy v1.0" % fn)
        a = np.load(os.path.join(d, fn), allow_pickle=False)
        if a.dtype != np.dtype("<f4") or not a.flags.c_contiguous:
            problems.append("%s: dtype %s" % (fn, a.dtype))
        if not np.all(np.isfinite(a)):
            problems.append("%s: non-finite values" % fn)
    y = np.load(os.path.join(d, "y.npy"))
    v = np.load(os.path.join(d, "v.npy"))
    if y.shape != v.shape or list(y.shape) != meta["output_shape"] or y.shape[0] != BATCH:
        problems.append("y/v shape mismatch %s %s" % (y.shape, v.shape))
    for n, fn in meta["inputs"].items():
        x = np.load(os.path.join(d, fn))
        g = np.load(os.path.join(d, meta["expected_grads"][n]))
        if x.shape != g.shape:
            problems.append("%s: grad shape %s != input shape %s" % (n, g.shape, x.shape))
        if not np.all(np.abs(g).reshape(g.shape[0], -1).max(axis=1) > 0):
            problems.append("%s: a sample has an all-zero gradient" % n)
    m = onnx.load(os.path.join(d, "model.onnx"))
    onnx.checker.check_model(m, full_check=True)
    if [o.name for o in m.graph.output] != ["image"]:
        problems.append("graph outputs %s" % [o.name for o in m.graph.output])
    if [i.name for i in m.graph.input] != list(meta["inputs"].keys()):
        problems.append("graph inputs %s" % [i.name for i in m.graph.input])
    for i in list(m.graph.input) + list(m.graph.output):
        d0 = i.type.tensor_type.shape.dim[0]
        if not d0.HasField("dim_param"):
            problems.append("%s: batch axis not dynamic" % i.name)
    return problems


def write_readme_block(metas, sizes, total):
    lines = ["<!-- BEGIN GENERATED (make_references.py rewrites this block) -->", ""]
    lines.append("torch %s, onnx %s, numpy %s, opset %d, batch B = %d." % (
        torch.__version__, onnx.__version__, np.__version__, OPSET, BATCH))
    lines.append("")
    lines.append("| case | inputs | output | batch stats | files (bytes) | model.onnx (bytes) |")
    lines.append("|---|---|---|---|---|---|")
    for name, meta in metas.items():
        ins = ", ".join("%s %s" % (k, v) for k, v in meta["input_shapes"].items())
        lines.append("| `%s` | %s | %s | %s | %d | %d |" % (
            name, ins, meta["output_shape"], "yes" if meta["batch_statistics"] else "no", sizes[name][0],
            sizes[name][1]))
    lines.append("")
    lines.append("Total fixture size: %d bytes." % total)
    lines.append("")
    lines.append("### ONNX op histograms")
    lines.append("")
    all_ops = sorted({op for m in metas.values() for op in m["op_histogram"]})
    lines.append("| op | " + " | ".join("`%s`" % n for n in metas) + " |")
    lines.append("|---|" + "---|" * len(metas))
    for op in all_ops:
        lines.append("| %s | " % op + " | ".join(str(m["op_histogram"].get(op, "")) for m in metas.values()) + " |")
    lines.append("")
    lines.append("### Resize nodes as exported")
    lines.append("")
    lines.append("| case | node | mode | coordinate_transformation_mode | nearest_mode | scales | sizes |")
    lines.append("|---|---|---|---|---|---|---|")
    for name, meta in metas.items():
        for r in meta["resize_nodes"]:
            a = r["attributes"]
            lines.append("| `%s` | %s | %s | %s | %s | %s | %s |" % (
                name, r["name"], a.get("mode", "nearest (default)"),
                a.get("coordinate_transformation_mode", "half_pixel (default)"),
                a.get("nearest_mode", "round_prefer_floor (default)") if a.get("mode", "nearest") == "nearest" else "-",
                r.get("scales", "-"), r.get("sizes", "-")))
    lines.append("")
    lines.append("### BatchNormalization nodes as exported")
    lines.append("")
    for name, meta in metas.items():
        for b in meta["batch_normalization_nodes"]:
            lines.append("- `%s` %s: %s, %d output(s)" % (name, b["name"], json.dumps(b["attributes"]),
                                                          len(b["outputs"])))
    lines.append("")
    lines.append("### float32 vs float64 autograd (max |diff| of the grads; a tolerance hint)")
    lines.append("")
    for name, meta in metas.items():
        e = meta["float32_vs_float64"]
        lines.append("- `%s`: output %.2e; grads %s (max |grad| %s)" % (
            name, e["max_abs_diff_output"], {k: float("%.2e" % x) for k, x in e["max_abs_diff_grads"].items()},
            {k: float("%.3g" % x) for k, x in e["max_abs_grads"].items()}))
    lines.append("")
    lines.append("<!-- END GENERATED -->")
    block = "\n".join(lines)
    text = open(README).read() if os.path.exists(README) else ""
    b, e = "<!-- BEGIN GENERATED", "<!-- END GENERATED -->"
    if b in text and e in text:
        text = text[:text.index(b)] + block + text[text.index(e) + len(e):]
    else:
        text = text + ("\n" if text else "") + block + "\n"
    with open(README, "w") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--only", default="")
    ap.add_argument("--no-readme", action="store_true")
    args = ap.parse_args()

    torch.set_num_threads(2)
    torch.use_deterministic_algorithms(True)
    torch.set_default_dtype(torch.float32)

    names = [n for n in args.only.split(",") if n] or list(CASES)
    for n in names:
        if n not in CASES:
            sys.exit("unknown case %s (known: %s)" % (n, ", ".join(CASES)))
    os.makedirs(args.out, exist_ok=True)
    metas, sizes, failed = collections.OrderedDict(), {}, False
    for n in names:
        meta = make_case(CASES[n], args.out)
        problems = verify_case(args.out, n, meta)
        metas[n] = meta
        d = os.path.join(args.out, n)
        files = sorted(os.listdir(d))
        total = sum(os.path.getsize(os.path.join(d, f)) for f in files)
        sizes[n] = (total, os.path.getsize(os.path.join(d, "model.onnx")))
        print("== %s: %d bytes (model.onnx %d)  %s" % (n, total, sizes[n][1], "OK" if not problems else problems))
        print("   ops: %s" % json.dumps(meta["op_histogram"]))
        for r in meta["resize_nodes"]:
            print("   Resize %s: %s scales=%s sizes=%s" % (r["name"], r["attributes"], r.get("scales", "-"),
                                                        r.get("sizes", "-")))
        failed |= bool(problems)
    grand = sum(s[0] for s in sizes.values())
    print("total fixture size: %d bytes" % grand)
    digest = hashlib.sha256()
    for n in names:
        d = os.path.join(args.out, n)
        for f in sorted(os.listdir(d)):
            digest.update(("%s/%s\0" % (n, f)).encode())
            digest.update(open(os.path.join(d, f), "rb").read())
    print("fixture digest (sha256 over case/file names + contents): %s" % digest.hexdigest())
    if not args.no_readme and not args.only and args.out == DEFAULT_OUT:
        write_readme_block(metas, sizes, grand)
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
