using OnnxInvert.Onnx.Building;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>
/// The gradient along the axes where a resize only repeats every input element s times in a row (nearest-neighbour
/// up-sampling by an integer factor, as PyTorch exports <c>Upsample(scale_factor=2)</c>): each input element's gradient
/// is the sum of its block of s output gradients, summed over all such axes in one op (<see cref="TrySum"/>) where the
/// general form (<see cref="Emit.AxisLinearMap"/>) costs a MatMul, and for inner axes two Transposes, per axis.
/// </summary>
internal static class BlockRepeatGradient
{
    /// <summary>
    /// The factor s when <paramref name="map"/> [out, in] has out = s·in and row o holds a single 1 in column o / s
    /// (and zeros elsewhere); 0 otherwise.
    /// </summary>
    public static long Factor(double[,] map)
    {
        int outSize = map.GetLength(0);
        int inSize = map.GetLength(1);
        if (inSize == 0 || outSize % inSize != 0 || outSize == inSize)
        {
            return 0;
        }

        int s = outSize / inSize;
        for (int o = 0; o < outSize; o++)
        {
            for (int i = 0; i < inSize; i++)
            {
                if (map[o, i] != (i == o / s ? 1 : 0))
                {
                    return 0;
                }
            }
        }

        return s;
    }

    /// <summary>
    /// Sums <paramref name="grad"/> (whose sizes are <paramref name="sizes"/>) over the blocks of the axes in
    /// <paramref name="factors"/> (axis → s); returns null when this cannot be done in one step.
    /// </summary>
    /// <remarks>
    /// Where only spatial axes (2 and up) repeat, the block sum is an AveragePool with kernel = strides = s, scaled by
    /// the block size: ONNX Runtime runs it in its blocked (NCHWc) layout straight after the Conv that usually produces
    /// this gradient, without reordering to NCHW in between. Elsewhere it is one Reshape (splitting each axis into
    /// [in, s]) and one ReduceSum, which needs every other axis's size but one to be known when the graph is built.
    /// </remarks>
    public static string? TrySum(BackwardContext c, string grad, long[] sizes, bool[] runtimeSized, IReadOnlyDictionary<int, long> factors)
    {
        if (sizes.Length >= 3 && factors.Keys.All(axis => axis >= 2))
        {
            long[] kernel = Enumerable.Range(2, sizes.Length - 2).Select(axis => factors.GetValueOrDefault(axis, 1)).ToArray();
            string average = c.Emit.Op("AveragePool", [grad], "block_mean", Attr.Ints("kernel_shape", kernel), Attr.Ints("strides", kernel));
            return c.Emit.Mul(average, c.Scalar(kernel.Aggregate(1L, (a, b) => a * b)));
        }

        if (runtimeSized.Count(d => d) > 1)
        {
            return null;
        }

        var shape = new List<long>();
        var summed = new List<long>();
        for (int axis = 0; axis < sizes.Length; axis++)
        {
            if (factors.TryGetValue(axis, out long s))
            {
                shape.Add(sizes[axis] / s);
                summed.Add(shape.Count);
                shape.Add(s);
            }
            else
            {
                shape.Add(runtimeSized[axis] ? -1 : sizes[axis]);
            }
        }

        string split = c.Emit.Reshape(grad, [.. shape]);
        return c.Emit.ReduceSum(split, [.. summed], keepDims: false);
    }
}
