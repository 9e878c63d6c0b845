using OnnxInvert.Cli.Tests.TestUtilities;
using OnnxInvert.Imaging;
using OnnxInvert.TestSupport;

namespace OnnxInvert.Cli.Tests.Verbs.Invert;

/// <summary>
/// Issue 16's cases at the CLI: bad target data refused up front naming the file, flags that parsing would resolve
/// silently refused, messages free of engine names, bounded resources. Each case failed (exit 0, a stack trace or a
/// wrong message) before its fix.
/// </summary>
public sealed class InvertReliabilityTests : IDisposable
{
    private readonly InvertWorkspace _work = new(images: 2);

    public void Dispose() => _work.Dispose();

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "+Inf")]
    public void NonFiniteNpyTargets_ExitOneNamingTheFileAndTheFirstBadIndex(float bad, string shown)
    {
        float[] values = [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, bad, 0.8f];
        string npy = WriteNpy("bad.npy", values, 2, 1, 2, 2);

        var result = _work.InvertFrom(npy, "out");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(npy, result.Errors, StringComparison.Ordinal);
        Assert.Contains("flat index 6", result.Errors, StringComparison.Ordinal);
        Assert.Contains("image 1", result.Errors, StringComparison.Ordinal);
        Assert.Contains(shown, result.Errors, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void NpyTargetsFarOutsideTheRange_ExitOneSuggestingNpyRange()
    {
        string npy = WriteNpy("bytes.npy", [10f, 200f, 30f, 255f], 1, 1, 2, 2);

        var result = _work.InvertFrom(npy, "out");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(npy, result.Errors, StringComparison.Ordinal);
        Assert.Contains("far outside the generator's output range", result.Errors, StringComparison.Ordinal);
        Assert.Contains("--npy-range", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void NpyRange_MapsTheArrayOntoTheGeneratorsRange()
    {
        string npy = WriteNpy("bytes.npy", [0f, 255f, 51f, 102f], 1, 1, 2, 2);
        string unit = WriteNpy("unit.npy", [0f, 1f, 0.2f, 0.4f], 1, 1, 2, 2);

        var mapped = _work.InvertFrom(npy, "mapped", "--npy-range", "0,255", "--loss", "mse");
        var plain = _work.InvertFrom(unit, "plain", "--loss", "mse");

        Assert.Equal(0, mapped.ExitCode);
        Assert.Equal(0, plain.ExitCode);
        Assert.Equal(
            InvertWorkspace.Summary(_work.File("plain")).GetProperty("mean_mse").GetDouble(),
            InvertWorkspace.Summary(_work.File("mapped")).GetProperty("mean_mse").GetDouble(),
            precision: 5);
    }

    [Fact]
    public void NpyWithNoImages_ExitsOne()
    {
        string npy = WriteNpy("empty.npy", [], 0, 1, 2, 2);

        var result = _work.InvertFrom(npy, "out");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{npy}: the array (0, 1, 2, 2) holds no images", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongSizeImageInAFolder_IsSkippedAndListedInTheSummary()
    {
        string odd = Path.Combine(_work.Images, "odd.png");
        InvertWorkspace.WritePng(odd, [0.5f], width: 3, height: 3);

        var result = _work.Invert("out");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"skipping {odd}", result.Errors, StringComparison.Ordinal);
        var summary = InvertWorkspace.Summary(_work.File("out"));
        Assert.Equal(2, summary.GetProperty("images").GetInt32());
        Assert.Equal(odd, Assert.Single(summary.GetProperty("skipped").EnumerateArray()).GetString());
    }

    [Fact]
    public void RepeatedSingleValuedFlag_ExitsTwo()
    {
        var result = _work.Invert("out", "--steps", "3", "--steps", "5");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--steps is given 2 times", result.Errors, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_work.File("out")));
    }

    [Fact]
    public void RepeatedListFlag_IsAccepted()
    {
        var result = _work.Invert("out", "--steps", "2", "--ort-config", "session.intra_op.allow_spinning=0", "--ort-config", "session.inter_op.allow_spinning=0");

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void OrtConfigKeyOutsideOrtsNamespaces_IsWarnedAbout()
    {
        var result = _work.Invert("out", "--steps", "2", "--ort-config", "sesion.intra_op.allow_spinning=0", "--ort-config", "session.inter_op.allow_spinning=0");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--ort-config key 'sesion.intra_op.allow_spinning' is not in ONNX Runtime's namespaces", result.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("'session.inter_op.allow_spinning'", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void FolderImageWithANonUtf8Name_IsSkippedSayingWhy()
    {
        byte[] name = [.. System.Text.Encoding.ASCII.GetBytes("bad-"), 0xff, .. System.Text.Encoding.ASCII.GetBytes(".png")];
        string good = Path.Combine(_work.Images, "img0.png");
        Assert.Equal(0, RawName(good, name, "open(p,'wb').write(open(src,'rb').read())"));
        try
        {
            var result = _work.Invert("out");

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("not valid UTF-8", result.Errors, StringComparison.Ordinal);
        }
        finally
        {
            Assert.Equal(0, RawName(good, name, "os.remove(p)"));
        }
    }

    [Fact]
    public void PriorNoneWithAPriorMode_ExitsTwo()
    {
        var result = _work.Invert("out", "--prior", "none", "--prior-mode", "clip");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--prior none leaves no prior for --prior-mode clip", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void StepsBeyondAnInt_SaysTooLarge()
    {
        var result = _work.Invert("out", "--steps", "99999999999");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--steps '99999999999' is too large (at most 2147483647)", result.Errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--steps", "-5", "--steps must be at least 1; got -5")]
    [InlineData("--batch", "-1", "--batch must be at least 1; got -1")]
    [InlineData("--max-reinit", "-2", "--max-reinit must be 0 or more; got -2")]
    public void RangeErrors_NameTheFlagNotTheEngineProperty(string flag, string value, string expected)
    {
        var result = _work.Invert("out", flag, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("('", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void ThreadsAboveTheCores_AreCappedWithANotice()
    {
        int many = Environment.ProcessorCount + 7;

        var result = _work.Invert("out", "--steps", "2", "--threads", many.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"--threads {many} is more than the {Environment.ProcessorCount} cores of this machine; using {Environment.ProcessorCount}", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void SampleCountTooLargeForMemory_ExitsTwoWithoutATrace()
    {
        var result = CliRunner.Run("sample", "-m", _work.Model, "--prior", "uniform", "--count", "2000000000", "-o", _work.File("grid.png"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--count 2000000000 is too large", result.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelCardThatIsNotARegularFile_ExitsOneNamingIt()
    {
        string folder = Directory.CreateDirectory(_work.File("carded")).FullName;
        string model = Path.Combine(folder, "model.onnx");
        File.Copy(_work.Model, model);
        SpecialFiles.MakeFifo(Path.Combine(folder, "model-card.json"));

        var result = CliRunner.Run("invert", "-m", model, "-i", _work.Images, "-o", _work.File("out"), "--steps", "2", "--prior", "uniform");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("model-card.json", result.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Errors, StringComparison.Ordinal);
    }

    /// <summary>Runs <paramref name="action"/> in Python on <c>p</c>, the file of raw name <paramref name="name"/> beside <c>src</c> (not valid UTF-8: .NET can neither make nor remove it).</summary>
    private static int RawName(string source, byte[] name, string action)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/python3")
        {
            ArgumentList = { "-c", $"import os,sys; src=sys.argv[1]; p=os.path.join(os.fsencode(os.path.dirname(src)), bytes.fromhex(sys.argv[2])); {action}", source, Convert.ToHexString(name) },
        })!;
        process.WaitForExit();
        return process.ExitCode;
    }

    private string WriteNpy(string name, float[] values, params int[] shape)
    {
        string path = _work.File(name);
        NpyFile.Write(path, NpyArray.Create<float>(values, shape));
        return path;
    }
}
