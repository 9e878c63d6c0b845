using OnnxInvert.Autodiff.Emit;
using OnnxInvert.Onnx.Graphs;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>
/// Slice (constant starts/ends/axes/steps, attributes before opset 10): the gradient is zero-padded back into the
/// input's extent, axis by axis; positive steps interleave zeros first. An axis sliced with a negative step (what
/// torch.flip exports) is a 0/1 selection along that axis, so its gradient is the transposed selection.
/// </summary>
internal sealed class SliceRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["Slice"];

    public override void Backward(BackwardContext c)
    {
        var e = c.Emit;
        var xInfo = c.Info(c.Input(0));
        int rank = xInfo.Rank;
        bool inputs = c.Opset >= 10;
        long[] starts = (inputs ? c.ConstantInts(1, "starts") : c.Node.GetInts("starts")) ?? throw c.Unsupported("no starts");
        long[] ends = (inputs ? c.ConstantInts(2, "ends") : c.Node.GetInts("ends")) ?? throw c.Unsupported("no ends");
        long[] axes = (inputs ? c.ConstantInts(3, "axes") : c.Node.GetInts("axes")) ?? Enumerable.Range(0, starts.Length).Select(i => (long)i).ToArray();
        long[] steps = (inputs ? c.ConstantInts(4, "steps") : null) ?? Enumerable.Repeat(1L, starts.Length).ToArray();

        string grad = c.Dy;
        long[] current = c.Info(c.Output(0)).Dims.ToArray();
        for (int k = 0; k < axes.Length; k++)
        {
            int axis = (int)(axes[k] < 0 ? axes[k] + rank : axes[k]);
            long dim = xInfo.Dims[axis];
            long step = steps[k];
            if (step == 0)
            {
                throw c.Unsupported($"step 0 on axis {axis}");
            }

            if (step < 0)
            {
                if (xInfo.BatchDependent[axis])
                {
                    throw c.Unsupported($"slicing axis {axis}, which depends on the batch size, with step {step}");
                }

                grad = AxisLinearMap.ApplyTransposed(e, grad, rank, axis, Reversed(starts[k], ends[k], step, dim), xInfo.ElementType);
                current[axis] = dim;
                continue;
            }

            long start = Math.Clamp(starts[k] < 0 ? starts[k] + dim : starts[k], 0, dim);
            long end = Math.Clamp(ends[k] < 0 ? ends[k] + dim : ends[k], 0, dim);
            long count = Math.Max(0, (end - start + step - 1) / step);
            if (xInfo.BatchDependent[axis])
            {
                if (start == 0 && end >= dim && step == 1)
                {
                    continue;
                }

                throw c.Unsupported($"slicing axis {axis}, which depends on the batch size");
            }

            if (step > 1)
            {
                grad = Interleave(c, grad, axis, rank, current, count, step);
                current[axis] = count * step;
            }

            long covered = current[axis];
            long after = dim - start - covered;
            if (after < 0)
            {
                grad = e.Slice(grad, [0], [dim - start], [axis]);
                after = 0;
            }

            var pads = new long[2 * rank];
            pads[axis] = start;
            pads[rank + axis] = after;
            if (start != 0 || after != 0)
            {
                grad = e.PadZeros(grad, pads);
            }

            current[axis] = dim;
        }

        c.SetGrad(0, grad);
    }

    // ONNX's clamping for negative steps: start to [0, dim-1], end to [-1, dim-1]; picks start, start+step, ... > end.
    private static double[,] Reversed(long start, long end, long step, long dim)
    {
        start = Math.Clamp(start < 0 ? start + dim : start, 0, dim - 1);
        end = Math.Clamp(end < 0 ? end + dim : end, -1, dim - 1);
        var picked = new List<long>();
        for (long i = start; i > end; i += step)
        {
            picked.Add(i);
        }

        var map = new double[picked.Count, dim];
        for (int j = 0; j < picked.Count; j++)
        {
            map[j, picked[j]] = 1;
        }

        return map;
    }

    // [.., n, ..] -> [.., n, step, ..] with zeros after each element -> [.., n*step, ..].
    private static string Interleave(BackwardContext c, string grad, int axis, int rank, long[] dims, long count, long step)
    {
        var e = c.Emit;
        string expanded = e.Unsqueeze(grad, axis + 1);
        var pads = new long[2 * (rank + 1)];
        pads[rank + 1 + axis + 1] = step - 1;
        string padded = e.PadZeros(expanded, pads);
        var shape = new long[rank];
        for (int i = 0; i < rank; i++)
        {
            shape[i] = i < axis ? 0 : i == axis ? count * step : dims[i];
        }

        if (Enumerable.Range(axis + 1, rank - axis - 1).Any(i => c.Info(c.Input(0)).BatchDependent[i]))
        {
            throw c.Unsupported("strided slicing before a batch-dependent axis");
        }

        return e.Reshape(padded, shape);
    }
}
