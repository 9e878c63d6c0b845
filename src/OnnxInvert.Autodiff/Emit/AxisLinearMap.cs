using OnnxInvert.Onnx.Building;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Autodiff.Emit;

/// <summary>
/// Applies the transpose of a per-axis linear map built at graph-build time: for a forward op that computes, along one
/// axis, out = M · in (M of shape [outSize, inSize]; Resize, reflect/edge Pad, Gather), the gradient along that axis is
/// dIn = Mᵀ · dOut, emitted as one MatMul (plus transposes when the axis is not one of the last two).
/// </summary>
internal static class AxisLinearMap
{
    public static string ApplyTransposed(Emitter e, string grad, int rank, int axis, double[,] map, DataType type)
    {
        int outSize = map.GetLength(0);
        int inSize = map.GetLength(1);
        if (axis == rank - 1)
        {
            // [..., out] · M [out, in] -> [..., in]
            return e.MatMul(grad, Constant(e, map, outSize, inSize, transpose: false, type));
        }

        if (axis == rank - 2)
        {
            // Mᵀ [in, out] · [..., out, W] -> [..., in, W]
            return e.MatMul(Constant(e, map, outSize, inSize, transpose: true, type), grad);
        }

        long[] perm = Enumerable.Range(0, rank).Select(i => (long)i).ToArray();
        (perm[axis], perm[rank - 1]) = (perm[rank - 1], perm[axis]);
        string moved = e.Transpose(grad, perm);
        string mapped = e.MatMul(moved, Constant(e, map, outSize, inSize, transpose: false, type));
        return e.Transpose(mapped, perm);
    }

    private static string Constant(Emitter e, double[,] map, int rows, int cols, bool transpose, DataType type)
    {
        int r = transpose ? cols : rows;
        int c = transpose ? rows : cols;
        if (type == DataType.Double)
        {
            var values = new double[r * c];
            for (int i = 0; i < r; i++)
            {
                for (int j = 0; j < c; j++)
                {
                    values[(i * c) + j] = transpose ? map[j, i] : map[i, j];
                }
            }

            return e.Builder.Constant(TensorFactory.Double(e.Prefix + "map", values, r, c));
        }

        var floats = new float[r * c];
        for (int i = 0; i < r; i++)
        {
            for (int j = 0; j < c; j++)
            {
                floats[(i * c) + j] = (float)(transpose ? map[j, i] : map[i, j]);
            }
        }

        return e.Builder.Constant(TensorFactory.Float(e.Prefix + "map", floats, r, c));
    }
}
