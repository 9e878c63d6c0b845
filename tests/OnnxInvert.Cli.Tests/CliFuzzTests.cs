using OnnxInvert.Cli.Tests.TestUtilities;
using OnnxInvert.Imaging;
using OnnxInvert.TestSupport;

namespace OnnxInvert.Cli.Tests;

/// <summary>
/// Seeded mutants of the bundled kinds of input (an ONNX generator, PNG and JPEG targets, NPY targets and starting
/// latents), generated here from valid files, fed to <c>info</c> and <c>invert</c> in-process: every case exits 0, 1 or
/// 2, names the file when it fails, shows no stack trace and finishes within its time limit.
/// </summary>
public sealed class CliFuzzTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private readonly InvertWorkspace _work = new(images: 1);

    public void Dispose() => _work.Dispose();

    [Fact]
    public void OnnxMutants_InfoAndInvert_FailCleanly()
    {
        byte[] model = File.ReadAllBytes(_work.Model);
        Fuzz(model, "onnx", seed: 1601, count: 60, focus: 64, mutant => ["info", mutant]);
        Fuzz(model, "onnx", seed: 1602, count: 40, focus: 64, mutant => Invert(mutant, _work.Images));
    }

    [Fact]
    public void PngMutants_Invert_FailCleanly() =>
        Fuzz(File.ReadAllBytes(Path.Combine(_work.Images, "img0.png")), "png", seed: 1603, count: 70, focus: 80, mutant => Invert(_work.Model, mutant));

    [Fact]
    public void JpegMutants_Invert_FailCleanly() =>
        Fuzz(File.ReadAllBytes(Path.Combine(RepoPaths.Root, "tests", "OnnxInvert.Cli.Tests", "Fixtures", "target-2x2.jpg")), "jpg", seed: 1604, count: 70, focus: 200, mutant => Invert(_work.Model, mutant));

    [Fact]
    public void NpyMutants_AsTargetsAndStartingLatents_FailCleanly()
    {
        byte[] targets = NpyBytes([0.2f, 0.4f, 0.6f, 0.8f], 1, 1, 2, 2);
        byte[] latents = NpyBytes([0.1f, -0.2f, 0.3f, 0.4f], 1, 4);
        Fuzz(targets, "npy", seed: 1605, count: 50, focus: 128, mutant => Invert(_work.Model, mutant));
        Fuzz(latents, "npy", seed: 1606, count: 40, focus: 128, mutant => [.. Invert(_work.Model, _work.Images), "--init", mutant]);
    }

    private string[] Invert(string model, string images) =>
        ["invert", "-m", model, "-i", images, "-o", _work.File($"out-{Guid.NewGuid():N}"), "--steps", "2", "--prior", "uniform"];

    private void Fuzz(byte[] original, string extension, int seed, int count, int focus, Func<string, string[]> command)
    {
        var mutator = new ByteMutator(seed);
        var codes = new int[3];
        for (int i = 0; i < count; i++)
        {
            var (bytes, description) = mutator.Mutate(original, focus);
            string mutant = _work.File($"mutant-{seed}-{i}.{extension}");
            File.WriteAllBytes(mutant, bytes);
            string[] args = command(mutant);
            CliResult? result = null;
            var (error, _) = BoundedRun.Run(() => result = CliRunner.Run(args), Limit, $"{extension} mutant {i} ({description})");
            Assert.Null(error);
            Assert.NotNull(result);
            string what = $"{extension} mutant {i} ({description}): exit {result.ExitCode}: {result.Errors}";
            Assert.True(result.ExitCode is 0 or 1 or 2, what);
            Assert.DoesNotContain("unexpected error", result.Errors, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Errors, StringComparison.Ordinal);
            if (result.ExitCode == 1)
            {
                Assert.True(result.Errors.Contains(mutant, StringComparison.Ordinal), $"the message names the file: {what}");
            }

            codes[result.ExitCode]++;
        }

        Assert.True(codes[1] > 0, $"some {extension} mutants are refused (exit codes 0/1/2: {string.Join("/", codes)})");
    }

    private byte[] NpyBytes(float[] values, params int[] shape)
    {
        string path = _work.File($"valid-{Guid.NewGuid():N}.npy");
        NpyFile.Write(path, NpyArray.Create<float>(values, shape));
        return File.ReadAllBytes(path);
    }
}
