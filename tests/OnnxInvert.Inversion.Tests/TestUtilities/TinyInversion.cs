using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Inversion.Tests.TestUtilities;

/// <summary>A tiny generator opened from a temp file, with helpers to make targets from known latents and run inversions.</summary>
internal sealed class TinyInversion : IDisposable
{
    private readonly TempFolder _temp = new();

    public TinyInversion(ModelProto? model = null, Prior? prior = null)
    {
        string path = _temp.File("generator.onnx");
        CouplingGenerators.Write(model ?? TinyGenerators.Build("Sigmoid"), path);
        Generator = Generator.Open(path, new GeneratorOptions { Prior = prior ?? new UniformPrior(-1, 1) });
    }

    public Generator Generator { get; }

    /// <summary><paramref name="count"/> latents drawn uniformly from [-0.8, 0.8] with <paramref name="seed"/>.</summary>
    public float[] KnownLatents(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count * Generator.LatentSize).Select(_ => (float)((random.NextDouble() * 1.6) - 0.8))];
    }

    /// <summary>G(z) of <paramref name="count"/> known latents as targets.</summary>
    public InversionTargets Targets(float[] latents, int count, IReadOnlyList<string>? names = null, IReadOnlyList<int>? indices = null, float[]? initial = null) =>
        new(Generator.Generate(latents, count).Images, count, names, indices, initial);

    public Inverter Create(InversionOptions options) => Inverter.Create(Generator, options);

    /// <summary>Runs an inversion to the end and returns its results in the order they came.</summary>
    public static async Task<List<InversionResult>> Collect(Inverter inverter, InversionTargets targets, IProgress<InversionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var results = new List<InversionResult>();
        await foreach (var result in inverter.InvertAsync(targets, progress, cancellationToken))
        {
            results.Add(result);
        }

        return results;
    }

    public void Dispose()
    {
        Generator.Dispose();
        _temp.Dispose();
    }
}

/// <summary>An <see cref="IProgress{T}"/> that calls back synchronously on the inverting thread.</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
