using OnnxInvert.Imaging;

namespace OnnxInvert.Inversion.Engine;

/// <summary>MSE, MAE and PSNR of a reconstruction against its target, with values mapped from the output range to [0, 1].</summary>
internal static class ReconstructionMetrics
{
    /// <summary>The MSE floor behind the 100 dB PSNR cap (an exact reconstruction).</summary>
    private const double MinimumMse = 1e-10;

    public static (double Mse, double Mae, double Psnr) Measure(ReadOnlySpan<float> reconstruction, ReadOnlySpan<float> target, PixelRange range)
    {
        double span = range.High - range.Low;
        double squares = 0;
        double absolute = 0;
        for (int i = 0; i < target.Length; i++)
        {
            double d = (reconstruction[i] - target[i]) / span;
            squares += d * d;
            absolute += Math.Abs(d);
        }

        double mse = squares / target.Length;
        double mae = absolute / target.Length;
        double psnr = double.IsFinite(mse) ? 10 * Math.Log10(1 / Math.Max(mse, MinimumMse)) : double.NaN;
        return (mse, mae, psnr);
    }
}
