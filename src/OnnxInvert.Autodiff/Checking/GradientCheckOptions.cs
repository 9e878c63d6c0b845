namespace OnnxInvert.Autodiff.Checking;

/// <summary>Settings of <see cref="GradientChecker"/>.</summary>
public sealed record GradientCheckOptions
{
    /// <summary>Random directions u per latent.</summary>
    public int Directions { get; init; } = 3;

    /// <summary>The seed of z, v and u.</summary>
    public int Seed { get; init; } = 7;

    /// <summary>Scale of the random latents (z ~ N(0, scale²)).</summary>
    public double LatentScale { get; init; } = 0.5;

    /// <summary>Whether to check in float64 when ONNX Runtime has float64 kernels for every op (otherwise float32).</summary>
    public bool PreferDouble { get; init; } = true;

    /// <summary>Input shapes for inputs with symbolic non-batch dimensions (batch as -1), as for <see cref="Analysis.ShapeProbe"/>.</summary>
    public IReadOnlyDictionary<string, long[]>? InputDims { get; init; }

    /// <summary>
    /// Inputs held at a given value instead of random normal draws (condition inputs such as an int64 class label or
    /// a one-hot vector), each shaped at the probe's reference batch (<see cref="Analysis.ShapeProbe.Batches"/>, or the
    /// model's fixed batch). They are not differentiated.
    /// </summary>
    public IReadOnlyDictionary<string, HostTensor>? FixedInputs { get; init; }

    /// <summary>Optional: receives one line per phase of the check (shape probe, gradient build, sessions) and the build's notes.</summary>
    public Action<string>? Progress { get; init; }
}
