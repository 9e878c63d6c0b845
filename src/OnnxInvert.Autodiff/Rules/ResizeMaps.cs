namespace OnnxInvert.Autodiff.Rules;

/// <summary>
/// Per-axis interpolation matrices M [out, in] reproducing ONNX Runtime's Resize/Upsample arithmetic (single
/// precision, as the runtime computes coordinates), so that out = M · in along each resized axis.
/// </summary>
internal static class ResizeMaps
{
    /// <summary>Resize settings that shape the maps.</summary>
    /// <param name="Mode">nearest, linear or cubic.</param>
    /// <param name="CoordinateMode">The coordinate_transformation_mode.</param>
    /// <param name="NearestMode">The nearest_mode ("simple" for Upsample and Resize-10).</param>
    /// <param name="CubicA">The cubic_coeff_a.</param>
    /// <param name="ExcludeOutside">Whether taps outside the input get weight 0 (weights renormalised).</param>
    /// <param name="Antialias">Opset 18's antialias: linear and cubic filters stretched by max(1, 1/scale) when down-sampling, weights renormalised.</param>
    public sealed record Settings(string Mode, string CoordinateMode, string NearestMode, float CubicA, bool ExcludeOutside, bool Antialias = false);

    public static double[,] Build(Settings s, long inSize, long outSize, float scale)
    {
        var map = new double[outSize, inSize];
        for (long o = 0; o < outSize; o++)
        {
            if (s.Antialias && s.Mode is "linear" or "cubic")
            {
                Antialiased(map, o, s, inSize, outSize, scale);
                continue;
            }

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

    /// <summary>
    /// Row <paramref name="o"/> of an antialiased linear or cubic map, in ONNX Runtime's single-precision arithmetic:
    /// the filter (support 2 for linear, 4 for cubic) is widened by in/out when down-sampling, evaluated at the input
    /// pixels its window covers around the source centre, and normalised to sum 1; taps outside the input are dropped
    /// (exclude_outside) or folded onto the edge pixel.
    /// </summary>
    private static void Antialiased(double[,] map, long o, Settings s, long inSize, long outSize, float scale)
    {
        float widen = 1f / scale;
        float supportSize = s.Mode == "linear" ? 2f : 4f;
        float support = widen >= 1f ? supportSize * 0.5f * widen : supportSize * 0.5f;
        long window = ((long)MathF.Ceiling(support) * 2) + 1;
        float step = widen >= 1f ? 1f / widen : 1f;
        float center = 0.5f + (widen == 1f ? o : Original(s.CoordinateMode, o, scale, inSize, outSize));
        long first = (long)MathF.Floor(center - support + 0.5f);
        long end = (long)MathF.Floor(center + support + 0.5f);
        end = first + Math.Clamp(end - first, 0, window);
        if (s.ExcludeOutside)
        {
            first = Math.Clamp(first, 0, inSize);
            end = Math.Clamp(end, 0, inSize);
        }

        var weights = new float[Math.Max(end - first, 0)];
        float total = 0;
        for (long x = first; x < end; x++)
        {
            float d = (x - center + 0.5f) * step;
            weights[x - first] = s.Mode == "linear" ? Math.Max(0f, 1f - Math.Abs(d)) : (float)Kernel(d, s.CubicA);
            total += weights[x - first];
        }

        float norm = total == 0f ? 1f : 1f / total;
        for (long x = first; x < end; x++)
        {
            map[o, Math.Clamp(x, 0, inSize - 1)] += weights[x - first] * norm;
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
