using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Graphs;
using OnnxInvert.Onnx.Proto;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>
/// AveragePool and GlobalAveragePool: the gradient spreads dY evenly over each window — a depthwise ConvTranspose with
/// a kernel of ones applied to dY divided by each window's element count (computed at build time, so
/// count_include_pad and ceil_mode are exact).
/// </summary>
internal sealed class AveragePoolRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["AveragePool", "GlobalAveragePool"];

    public override void Backward(BackwardContext c)
    {
        var e = c.Emit;
        var x = c.Info(c.Input(0));
        var y = c.Info(c.Output(0));
        int n = x.Rank - 2;
        if (c.Node.OpType == "GlobalAveragePool")
        {
            long count = x.Dims.Skip(2).Aggregate(1L, (a, d) => a * d);
            c.SetGrad(0, e.Op("Expand", [e.Div(c.Dy, c.Scalar(count)), e.Shape(c.Input(0))], "expand"));
            return;
        }

        long[] kernel = c.Node.GetInts("kernel_shape") ?? throw c.Unsupported("no kernel_shape");
        long[] inSizes = x.Dims.Skip(2).ToArray();
        long[] outSizes = y.Dims.Skip(2).ToArray();
        var g = ConvGeometry.Read(c, kernel, inSizes, outSizes, transposed: false) with { Group = x.Dims[1] };
        bool includePad = c.Node.GetInt("count_include_pad", 0) != 0;

        // Per-axis window counts, multiplied into a [1, 1, out...] divisor.
        var perAxis = Enumerable.Range(0, n).Select(i => WindowCounts(g, i, inSizes[i], outSizes[i], includePad)).ToArray();
        var divisor = new float[outSizes.Aggregate(1L, (a, d) => a * d)];
        for (int flat = 0; flat < divisor.Length; flat++)
        {
            double product = 1;
            int rest = flat;
            for (int i = n - 1; i >= 0; i--)
            {
                product *= perAxis[i][rest % outSizes[i]];
                rest /= (int)outSizes[i];
            }

            divisor[flat] = (float)(1.0 / product);
        }

        string scale = c.FloatType == DataType.Double
            ? e.Builder.Constant(TensorFactory.Double(e.Prefix + "pool_scale", Array.ConvertAll(divisor, v => (double)v), [1, 1, .. outSizes]))
            : e.Builder.Constant(TensorFactory.Float(e.Prefix + "pool_scale", divisor, [1, 1, .. outSizes]));
        string ones = Ones(e, c.FloatType, x.Dims[1], kernel);
        var attributes = g.TransposeAttributes(inSizes, outSizes);
        c.SetGrad(0, e.Op("ConvTranspose", [e.Mul(c.Dy, scale), ones], "pool_dx", attributes));
    }

    private static double[] WindowCounts(ConvGeometry g, int axis, long inSize, long outSize, bool includePad)
    {
        var counts = new double[outSize];
        for (long o = 0; o < outSize; o++)
        {
            long start = (o * g.Strides[axis]) - g.PadsBegin[axis];
            long count = 0;
            for (long k = 0; k < g.Kernel[axis]; k++)
            {
                long i = start + (k * g.Dilations[axis]);
                bool inside = includePad ? i >= -g.PadsBegin[axis] && i < inSize + g.PadsEnd[axis] : i >= 0 && i < inSize;
                count += inside ? 1 : 0;
            }

            counts[o] = Math.Max(count, 1);
        }

        return counts;
    }

    private static string Ones(Emit.Emitter e, DataType type, long channels, long[] kernel)
    {
        long size = channels * kernel.Aggregate(1L, (a, d) => a * d);
        long[] dims = [channels, 1, .. kernel];
        return type == DataType.Double
            ? e.Builder.Constant(TensorFactory.Double(e.Prefix + "ones", Enumerable.Repeat(1.0, (int)size).ToArray(), dims))
            : e.Builder.Constant(TensorFactory.Float(e.Prefix + "ones", Enumerable.Repeat(1f, (int)size).ToArray(), dims));
    }
}
