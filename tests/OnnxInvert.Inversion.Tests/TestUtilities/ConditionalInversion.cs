using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Inversion.Tests.TestUtilities;

/// <summary><see cref="ConditionalGenerators"/>' model opened from a temp file with both latents, and targets made from known latents and labels.</summary>
internal sealed class ConditionalInversion : IDisposable
{
    private readonly TempFolder _temp = new();

    public ConditionalInversion(ModelProto? model = null, GeneratorOptions? options = null)
    {
        string path = _temp.File("conditional.onnx");
        OnnxModelWriter.Write(model ?? ConditionalGenerators.Build(), path);
        Generator = Generator.Open(path, options ?? new GeneratorOptions { Latents = ["w", "noise0"], Prior = new NormalPrior(0, 1) });
    }

    public Generator Generator { get; }

    /// <summary>Known latents by name for <paramref name="count"/> images: w ~ N(0, 0.7²), noise0 ~ N(0, 0.3²).</summary>
    public Dictionary<string, float[]> KnownLatents(int count, int seed)
    {
        var random = new Random(seed);
        float[] Draw(int size, double std) => [.. Enumerable.Range(0, count * size).Select(_ => (float)(((random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5) * 2) * std))];
        return new() { ["w"] = Draw(8, 0.7), ["noise0"] = Draw(16, 0.3) };
    }

    /// <summary>Labels 0, 1, 2, 3, 0, ... as per-image condition rows.</summary>
    public static ConditionValue Labels(int count) => ConditionValue.FromRows([.. Enumerable.Range(0, count).Select(i => (double)(i % ConditionalGenerators.Classes))], count);

    /// <summary>G of the known latents with the labels, as targets.</summary>
    public InversionTargets Targets(Dictionary<string, float[]> latents, int count, ConditionValue labels) =>
        new(Generator.Generate(latents, count, new Dictionary<string, ConditionValue> { ["y"] = labels }).Images, count);

    public void Dispose()
    {
        Generator.Dispose();
        _temp.Dispose();
    }
}
