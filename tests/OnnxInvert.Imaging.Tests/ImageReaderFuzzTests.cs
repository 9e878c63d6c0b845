using OnnxInvert.Imaging.Tests.TestUtilities;

namespace OnnxInvert.Imaging.Tests;

/// <summary>
/// Seeded fuzzing of <see cref="ImageReader.Read"/> with mutants of the bundled MNIST sample PNGs and of small JPEGs
/// encoded at test time (gray and RGB). Every mutant must decode or fail with an <see cref="ImageFormatException"/>
/// naming the file, within a time limit, and allocate no more than its pixel limit allows.
/// </summary>
public sealed class ImageReaderFuzzTests
{
    private const int MutantsPerFormat = 300;
    private const long MaxPixels = 1 << 20;
    private static readonly TimeSpan CaseLimit = TimeSpan.FromSeconds(10);

    [Fact]
    public void Read_PngMutants_DecodeOrThrowImageFormatExceptionNamingTheFile()
    {
        byte[][] sources = [.. Directory.GetFiles(RepoPaths.MnistSamples, "*.png").Order(StringComparer.Ordinal).Select(File.ReadAllBytes)];
        Assert.NotEmpty(sources);

        Fuzz(sources, "png", seed: 1603, focus: 64);
    }

    [Fact]
    public void Read_JpegMutants_DecodeOrThrowImageFormatExceptionNamingTheFile()
    {
        byte[][] sources =
        [
            TurboJpegTestEncoder.Encode(TestImages.Smooth(28, 28, 1), quality: 90),
            TurboJpegTestEncoder.Encode(TestImages.Pattern(24, 16, 3), quality: 75),
        ];

        Fuzz(sources, "jpg", seed: 1604, focus: 320);
    }

    private static void Fuzz(byte[][] sources, string extension, int seed, int focus)
    {
        using var temp = new TempFolder();
        var reader = new ImageReader(new ImageReaderOptions { MaxPixels = MaxPixels });
        var mutator = new ByteMutator(seed);
        int decoded = 0;
        for (int i = 0; i < MutantsPerFormat; i++)
        {
            (byte[] bytes, string change) = mutator.Mutate(sources[i % sources.Length], focus);
            string description = $"{extension} mutant {i} of source {i % sources.Length}: {change}";
            string path = temp.WriteFile($"m{i}.{extension}", bytes);

            (Exception? error, long allocated) = BoundedRun.Run(() => reader.Read(path), CaseLimit, description);

            if (error is null)
            {
                decoded++;
            }
            else
            {
                var ex = Assert.IsType<ImageFormatException>(error, exactMatch: true);
                Assert.True(ex.FilePath == path, $"{description}: the error names '{ex.FilePath}'");
                Assert.True(ex.Message.StartsWith(path + ": ", StringComparison.Ordinal), $"{description}: '{ex.Message}'");
            }

            // The file and at most the pixel limit at 4 bytes a pixel, twice (the decoder's buffer and the image's copy).
            long bound = bytes.Length + (8 * MaxPixels) + (1 << 20);
            Assert.True(allocated <= bound, $"{description}: allocated {allocated} bytes (bound {bound})");
            File.Delete(path);
        }

        Assert.True(decoded >= 2, $"only {decoded} of {MutantsPerFormat} mutants decoded");
        Assert.True(MutantsPerFormat - decoded >= 2, $"only {MutantsPerFormat - decoded} of {MutantsPerFormat} mutants were refused");
    }
}
