using System.Globalization;
using OnnxInvert.Cli.Options;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Priors;

namespace OnnxInvert.Cli.Commands;

/// <summary><c>onnxinvert sample</c>: latents from the prior through G into a PNG grid.</summary>
internal static class SampleCommand
{
    public static int Run(SampleOptions options, TextWriter output, TextWriter errors)
    {
        if (options.Count < 1)
        {
            throw new UsageException($"--count must be at least 1, got {options.Count}");
        }

        if (options.Batch < 1)
        {
            throw new UsageException($"--batch must be at least 1, got {options.Batch}");
        }

        if (options.Columns is < 1)
        {
            throw new UsageException($"--columns must be at least 1, got {options.Columns}");
        }

        Prior? prior = null;
        if (options.Prior is not null)
        {
            try
            {
                prior = PriorParser.Parse(options.Prior);
            }
            catch (FormatException ex)
            {
                throw new UsageException($"--prior: {ex.Message}");
            }
        }

        options.LoadRuntime();
        using var generator = Generator.Open(options.Model, new GeneratorOptions
        {
            LatentInput = options.Latent,
            ImageOutput = options.Output,
            Prior = prior,
            OutputRange = ParseRange(options.Range),
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

    private static (float, float)? ParseRange(string? text)
    {
        if (text is null)
        {
            return null;
        }

        string[] parts = text.Split(',');
        if (parts.Length == 2
            && float.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out float low)
            && float.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out float high)
            && low < high)
        {
            return (low, high);
        }

        throw new UsageException($"--range must be LOW,HIGH with LOW < HIGH (e.g. 0,1 or -1,1); got '{text}'");
    }
}
