namespace OnnxInvert.Inversion.Evaluation;

/// <summary>One image's reconstruction errors on the [0, 1] scale: mean squared, mean absolute, and PSNR in dB.</summary>
public readonly record struct ImageError(double Mse, double Mae, double Psnr);
