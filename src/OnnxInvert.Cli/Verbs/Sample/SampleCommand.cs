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
        options.LoadRuntime();
        using var generator = ModelErrors.Open(options.Model, options.Apply(new GeneratorOptions
        {
            Prior = options.ParsedPrior(),
            OutputRange = options.ParsedRange(),
            Session = options.Settings(errors.WriteLine),
            Notice = errors.WriteLine,
        }));

        CheckCount(options.Count, generator);
        // Every latent drawn from its prior, in the generator's order, from one seeded stream (one latent: as before).
        var random = new MathNet.Numerics.Random.Xoshiro256StarStar(options.Seed);
        var latents = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var latent in generator.Latents)
        {
            latents[latent.Name] = new float[options.Count * latent.Size];
            latent.Prior.Sample(random, latents[latent.Name]);
        }

        var conditions = options.Conditions();
        var images = new List<float>();
        long[] shape = [];
        for (int start = 0; start < options.Count; start += options.Batch)
        {
            int count = Math.Min(options.Batch, options.Count - start);
            var part = generator.Latents.ToDictionary(l => l.Name, l => latents[l.Name][(start * l.Size)..((start + count) * l.Size)], StringComparer.Ordinal);
            var (batch, batchShape) = Generate(generator, part, count, conditions);
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
            SaveLatents(options.SaveLatents, generator, latents, options.Count);
        }

        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"wrote {options.Out}: {options.Count} images {shape[1]}x{shape[2]}x{shape[3]} from {generator.Prior} (seed {options.Seed}), latent '{generator.LatentInput}', output '{generator.ImageOutput}' in [{low}, {high}]"));
        return ExitCodes.Ok;
    }

    /// <summary>Refuses a --count whose latents or images would not fit in one array (the grid is built in memory).</summary>
    private static void CheckCount(int count, Generator generator)
    {
        long perImage = Math.Max(1, generator.ImageShape.Aggregate(1L, (a, d) => a * Math.Max(1, d)));
        long perSample = Math.Max(generator.Latents.Sum(l => (long)l.Size), perImage);
        long most = Array.MaxLength / perSample;
        if (count > most)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--count {count} is too large for {generator.Path}: {count:N0} samples of {perSample:N0} values do not fit in memory at once; at most {most:N0}"));
        }
    }

    private static (float[] Images, long[] Shape) Generate(Generator generator, Dictionary<string, float[]> latents, int count, IReadOnlyDictionary<string, ConditionValue> conditions)
    {
        try
        {
            return generator.Generate(latents, count, conditions);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    /// <summary>One latent: FILE as given; several: FILE without .npy as a folder of NAME.npy (names made safe for a file name).</summary>
    private static void SaveLatents(string file, Generator generator, Dictionary<string, float[]> latents, int count)
    {
        if (generator.Latents.Count == 1)
        {
            NpyFile.Write(file, NpyArray.Create<float>(latents[generator.LatentInput], [count, .. generator.LatentShape.Select(d => (int)d)]));
            return;
        }

        string folder = file.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) ? file[..^4] : file;
        Directory.CreateDirectory(folder);
        foreach (var latent in generator.Latents)
        {
            NpyFile.Write(Path.Combine(folder, Inversion.Jobs.RunFolder.LatentFileName(latent.Name)), NpyArray.Create<float>(latents[latent.Name], [count, .. latent.Shape.Select(d => (int)d)]));
        }
    }
}
