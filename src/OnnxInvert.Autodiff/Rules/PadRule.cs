using OnnxInvert.Autodiff.Emit;
using OnnxInvert.Onnx.Graphs;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>
/// Pad. Constant mode: the gradient is the centre slice (zero-padded where the forward pads were negative crops).
/// Reflect and edge modes: per padded axis the forward op is a 0/1 linear map, so the gradient is its transpose.
/// </summary>
internal sealed class PadRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["Pad"];

    public override void Backward(BackwardContext c)
    {
        var e = c.Emit;
        var xInfo = c.Info(c.Input(0));
        int rank = xInfo.Rank;
        string mode = c.Node.GetString("mode", "constant");
        long[] pads = (c.Opset >= 11 ? c.ConstantInts(1, "pads") : c.Node.GetInts("pads") ?? c.Node.GetInts("paddings")) ?? throw c.Unsupported("no pads");
        if (c.Opset >= 18 && c.HasInput(3))
        {
            long[] axes = c.ConstantInts(3, "axes")!;
            var full = new long[2 * rank];
            for (int k = 0; k < axes.Length; k++)
            {
                int axis = (int)(axes[k] < 0 ? axes[k] + rank : axes[k]);
                full[axis] = pads[k];
                full[rank + axis] = pads[axes.Length + k];
            }

            pads = full;
        }

        for (int axis = 0; axis < rank; axis++)
        {
            if (xInfo.BatchDependent[axis] && (pads[axis] != 0 || pads[rank + axis] != 0))
            {
                throw c.Unsupported($"padding axis {axis}, which depends on the batch size");
            }
        }

        string grad = c.Dy;
        if (mode == "constant")
        {
            c.SetGrad(0, Constant(c, grad, pads, rank, xInfo.Dims));
            return;
        }

        if (mode is not ("reflect" or "edge"))
        {
            throw c.Unsupported($"pad mode '{mode}'");
        }

        for (int axis = 0; axis < rank; axis++)
        {
            long begin = pads[axis];
            long end = pads[rank + axis];
            if (begin == 0 && end == 0)
            {
                continue;
            }

            if (begin < 0 || end < 0)
            {
                throw c.Unsupported($"negative pads with mode '{mode}'");
            }

            long size = xInfo.Dims[axis];
            long outSize = size + begin + end;
            var map = new double[outSize, size];
            for (long o = 0; o < outSize; o++)
            {
                map[o, Source(o - begin, size, mode)] = 1;
            }

            grad = AxisLinearMap.ApplyTransposed(e, grad, rank, axis, map, xInfo.ElementType);
        }

        c.SetGrad(0, grad);
    }

    private static long Source(long i, long size, string mode)
    {
        if (mode == "edge")
        {
            return Math.Clamp(i, 0, size - 1);
        }

        // reflect without repeating the edge, possibly bouncing several times for pads longer than the axis.
        if (size == 1)
        {
            return 0;
        }

        long period = 2 * (size - 1);
        long m = ((i % period) + period) % period;
        return m < size ? m : period - m;
    }

    private static string Constant(BackwardContext c, string grad, long[] pads, int rank, long[] inDims)
    {
        var e = c.Emit;
        var starts = new List<long>();
        var ends = new List<long>();
        var axes = new List<long>();
        var zeroPads = new long[2 * rank];
        bool crop = false;
        for (int axis = 0; axis < rank; axis++)
        {
            long begin = pads[axis];
            long end = pads[rank + axis];
            if (begin > 0 || end > 0)
            {
                long from = Math.Max(begin, 0);
                long outSize = inDims[axis] + begin + end;
                long to = outSize - Math.Max(end, 0);
                starts.Add(from);
                ends.Add(to);
                axes.Add(axis);
            }

            if (begin < 0 || end < 0)
            {
                zeroPads[axis] = Math.Max(-begin, 0);
                zeroPads[rank + axis] = Math.Max(-end, 0);
                crop = true;
            }
        }

        if (axes.Count > 0)
        {
            grad = e.Slice(grad, starts.ToArray(), ends.ToArray(), axes.ToArray());
        }

        return crop ? e.PadZeros(grad, zeroPads) : grad;
    }
}
