using OnnxInvert.Autodiff.Analysis;

namespace OnnxInvert.Autodiff.Emit;

/// <summary>
/// Sums a gradient computed at a broadcast result's shape back to the shape of an operand (numpy-style
/// multidirectional broadcasting). Which axes were broadcast is decided from the observed shapes; the final Reshape
/// reads the operand's runtime shape, so the batch dimension stays symbolic.
/// </summary>
internal static class Broadcasting
{
    /// <summary>The axes of a result with <paramref name="result"/>'s shape along which <paramref name="operand"/> was broadcast.</summary>
    public static long[] ReducedAxes(TensorInfo result, TensorInfo operand)
    {
        int offset = result.Rank - operand.Rank;
        var axes = new List<long>();
        for (int i = 0; i < result.Rank; i++)
        {
            int j = i - offset;
            bool broadcast = j < 0 || (operand.Dims[j] == 1 && !operand.BatchDependent[j] && (result.Dims[i] != 1 || result.BatchDependent[i]));
            if (broadcast)
            {
                axes.Add(i);
            }
        }

        return axes.ToArray();
    }

    /// <summary>
    /// Reduces <paramref name="grad"/> (shaped like <paramref name="gradInfo"/>) to the shape of tensor
    /// <paramref name="operand"/>.
    /// </summary>
    public static string ReduceTo(Emitter emit, string grad, TensorInfo gradInfo, string operand, TensorInfo operandInfo)
    {
        long[] axes = ReducedAxes(gradInfo, operandInfo);
        if (axes.Length == 0)
        {
            return grad;
        }

        string summed = emit.ReduceSum(grad, axes, keepDims: true);
        return gradInfo.Rank == operandInfo.Rank ? summed : emit.ReshapeLike(summed, operand);
    }
}
