namespace OnnxInvert.Autodiff.Rules;

/// <summary>
/// Per-axis interpolation matrices M [out, in] reproducing ONNX Runtime's Resize/Upsample arithmetic (single
/// precision, as the runtime computes coordinates), so that out = M · in along each resized axis.
/// </summary>
internal static class ResizeMaps
{
    /// <summary>Resize settings that shape the maps.</summary>
    public sealed record Settings(string Mode, string CoordinateMode, string NearestMode, float CubicA, bool ExcludeOutside);

    public static double[,] Build(Settings s, long inSize, long outSize, float scale)
    {
        var map = new double[outSize, inSize];
        for (long o = 0; o < outSize; o++)
        {
            float x = Original(s.CoordinateMode, o, scale, inSize, outSize);
            switch (s.Mode)
            {
                case "nearest":
                    map[o, Nearest(s.NearestMode, x, inSize, scale)] = 1;
                    break;
                case "linear":
                    Linear(map, o, x, inSize);
                    break;
                case "cubic":
                    Cubic(map, o, x, inSize, s.CubicA, s.ExcludeOutside);
                    break;
                default:
                    throw new NotSupportedException($"Resize mode '{s.Mode}'");
            }
        }

        return map;
    }

    private static float Original(string mode, long o, float scale, long inSize, long outSize) => mode switch
    {
        "half_pixel" => ((o + 0.5f) / scale) - 0.5f,
        "pytorch_half_pixel" => outSize > 1 ? ((o + 0.5f) / scale) - 0.5f : 0f,
        "align_corners" => outSize == 1 ? 0f : o * (float)(inSize - 1) / (outSize - 1),
        "asymmetric" => o / scale,
        "tf_half_pixel_for_nn" => (o + 0.5f) / scale,
        "half_pixel_symmetric" => HalfPixelSymmetric(o, scale, inSize, outSize),
        _ => throw new NotSupportedException($"coordinate_transformation_mode '{mode}'"),
    };

    private static float HalfPixelSymmetric(long o, float scale, long inSize, long outSize)
    {
        float adjustment = outSize / (scale * inSize);
        float center = inSize / 2f;
        float offset = center * (1 - adjustment);
        return offset + ((o + 0.5f) / scale) - 0.5f;
    }

    private static long Nearest(string mode, float x, long inSize, float scale)
    {
        double index = mode switch
        {
            "round_prefer_floor" => x == MathF.Floor(x) + 0.5f ? MathF.Floor(x) : MathF.Round(x),
            "round_prefer_ceil" => x == MathF.Floor(x) + 0.5f ? MathF.Ceiling(x) : MathF.Round(x),
            "floor" => MathF.Floor(x),
            "ceil" => MathF.Ceiling(x),
            // ONNX Runtime's rule for Upsample and Resize-10: floor when up-sampling, ceil when down-sampling.
            "simple" => scale < 1 ? MathF.Ceiling(x) : (long)x,
            _ => throw new NotSupportedException($"nearest_mode '{mode}'"),
        };
        return Math.Clamp((long)index, 0, inSize - 1);
    }

    private static void Linear(double[,] map, long o, float x, long inSize)
    {
        x = Math.Clamp(x, 0, inSize - 1);
        long x1 = Math.Min((long)x, inSize - 1);
        long x2 = Math.Min(x1 + 1, inSize - 1);
        double w2 = x - x1;
        map[o, x1] += 1 - w2;
        map[o, x2] += w2;
    }

    private static void Cubic(double[,] map, long o, float x, long inSize, float a, bool excludeOutside)
    {
        double floor = Math.Floor(x);
        double t = x - floor;
        double[] weights = [Kernel(1 + t, a), Kernel(t, a), Kernel(1 - t, a), Kernel(2 - t, a)];
        long[] taps = [(long)floor - 1, (long)floor, (long)floor + 1, (long)floor + 2];
        if (excludeOutside)
        {
            double sum = 0;
            for (int k = 0; k < 4; k++)
            {
                weights[k] = taps[k] >= 0 && taps[k] < inSize ? weights[k] : 0;
                sum += weights[k];
            }

            for (int k = 0; k < 4; k++)
            {
                weights[k] = sum == 0 ? 0 : weights[k] / sum;
            }
        }

        for (int k = 0; k < 4; k++)
        {
            map[o, Math.Clamp(taps[k], 0, inSize - 1)] += weights[k];
        }
    }

    private static double Kernel(double d, double a)
    {
        d = Math.Abs(d);
        return d <= 1 ? (((a + 2) * d) - (a + 3)) * d * d + 1
            : d < 2 ? ((((a * d) - (5 * a)) * d) + (8 * a)) * d - (4 * a)
            : 0;
    }
}
