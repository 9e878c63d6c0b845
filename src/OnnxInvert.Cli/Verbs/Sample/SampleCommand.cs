using System.Globalization;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Onnx.Inspection;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Cli.Verbs.Shared;

namespace OnnxInvert.Cli.Verbs.Sample;

/// <summary><c>onnxinvert sample</c>: latents from the prior through G into a PNG grid.</summary>
internal static class SampleCommand
{
    public static int Run(SampleOptions options, TextWriter output, TextWriter errors)
    {
        if (options.Latent is not null || options.Output is not null)
        {
            // Named inputs and outputs are checked first so that a wrong name is a usage error, as in grad and check-grad.
            GraphSelection.CheckNames(ModelInspector.Inspect(OnnxModelReader.Read(options.Model)), options.Latent is null ? [] : [options.Latent], options.Output is null ? [] : [options.Output]);
        }

        options.LoadRuntime();
        using var generator = Generator.Open(options.Model, new GeneratorOptions
        {
            LatentInput = options.Latent,
            ImageOutput = options.Output,
            Prior = options.ParsedPrior(),
            OutputRange = options.ParsedRange(),
            Session = options.Settings(errors.WriteLine),
            Notice = errors.WriteLine,
        });

        var random = new MathNet.Numerics.Random.Xoshiro256StarStar(options.Seed);
        var latents = new float[options.Count * generator.LatentSize];
        generator.Prior.Sample(random, latents);

        var images = new List<float>();
        long[] shape = [];
        for (int start = 0; start < options.Count; start += options.Batch)
        {
            int count = Math.Min(options.Batch, options.Count - start);
            var (batch, batchShape) = generator.Generate(latents[(start * generator.LatentSize)..((start + count) * generator.LatentSize)], count);
            images.AddRange(batch);
            shape = batchShape;
        }

        if (shape.Length != 4)
        {
            throw new InvalidOperationException($"output '{generator.ImageOutput}' has shape [{string.Join(",", shape)}]; an image batch [N,C,H,W] is required");
        }

        var (low, high) = generator.OutputRange;
        float[] unit = images.Select(v => (v - low) / (high - low)).ToArray();
        var imageBatch = new ImageBatch(unit, options.Count, (int)shape[1], (int)shape[2], (int)shape[3], PixelRange.ZeroToOne);
        int columns = options.Columns ?? (int)Math.Ceiling(Math.Sqrt(options.Count));
        PngFile.Write(options.Out, ImageGrid.Compose(imageBatch, columns));
        if (options.SaveLatents is not null)
        {
            NpyFile.Write(options.SaveLatents, NpyArray.Create<float>(latents, [options.Count, .. generator.LatentShape.Select(d => (int)d)]));
        }

        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"wrote {options.Out}: {options.Count} images {shape[1]}x{shape[2]}x{shape[3]} from {generator.Prior} (seed {options.Seed}), latent '{generator.LatentInput}', output '{generator.ImageOutput}' in [{low}, {high}]"));
        return ExitCodes.Ok;
    }
}
