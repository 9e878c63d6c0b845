using System.Text.Json;
using OnnxInvert.Cli.Tests.TestUtilities;
using OnnxInvert.Imaging;

namespace OnnxInvert.Cli.Tests.Verbs.Invert;

/// <summary><c>invert</c> with an encoder (--init encoder:PATH), a mask (--mask) and --resize, on the bundled MNIST generator.</summary>
public sealed class InvertHybridTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string ModelFolder => Path.Combine(RepoPaths.Root, "onnx-models", "mnist-table1-uniform");

    private static string Encoder => Path.Combine(ModelFolder, "encoder.onnx");

    private static string Digit => Path.Combine(RepoPaths.Root, "onnx-models", "samples", "mnist", "digit-3-000.png");

    [Fact]
    public void InitEncoder_Path_StartsFromTheEncodersProposalAndBeatsThePriorAtOneStep()
    {
        string images = CopyDigits(4);

        var hybrid = Invert(images, "hybrid", "--steps", "1", "--init", $"encoder:{Encoder}");
        var prior = Invert(images, "prior", "--steps", "1", "--init", "prior");

        Assert.Equal(0, hybrid.ExitCode);
        Assert.Contains(hybrid.ErrorLines, l => l.Contains("hybrid initialisation: encoder", StringComparison.Ordinal));
        Assert.Equal(0, prior.ExitCode);
        Assert.True(MeanMse("hybrid") < MeanMse("prior"), $"encoder start {MeanMse("hybrid")} vs prior start {MeanMse("prior")}");
        Assert.Equal($"encoder:{Encoder}", Summary("hybrid").GetProperty("init").GetString());
    }

    [Fact]
    public void InitEncoder_Bare_UsesTheModelCardsEncoder()
    {
        var result = Invert(CopyDigits(2), "card", "--steps", "2", "--init", "encoder");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(result.ErrorLines, l => l.Contains("encoder.onnx", StringComparison.Ordinal));
    }

    [Fact]
    public void InitEncoder_WithRestarts_SaysTheOtherRestartsStartFromThePrior()
    {
        var result = Invert(CopyDigits(1), "restarts", "--steps", "2", "--restarts", "2", "--init", $"encoder:{Encoder}");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(result.ErrorLines, l => l.Contains("the other restarts start from the prior", StringComparison.Ordinal));
    }

    [Fact]
    public void InitEncoder_ShapeMismatch_IsAUsageErrorNamingTheFileTensorAndShapes()
    {
        // The generator itself takes z [batch,100], not images.
        var result = Invert(CopyDigits(1), "mismatch", "--steps", "1", "--init", $"encoder:{RepoPaths.MnistModel}");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("generator.onnx", result.Errors, StringComparison.Ordinal);
        Assert.Contains("'z'", result.Errors, StringComparison.Ordinal);
        Assert.Contains("[batch, 100]", result.Errors, StringComparison.Ordinal);
        Assert.Contains("[B, 1, 28, 28]", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void InitEncoder_MissingFile_FailsNamingIt()
    {
        string missing = _temp.File("nope.onnx");

        var result = Invert(CopyDigits(1), "missing", "--steps", "1", "--init", $"encoder:{missing}");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(missing, result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Mask_ZeroUnderChangedPixels_GivesTheSameLatents()
    {
        string a = CopyDigits(1, "a");
        string b = CopyDigits(1, "b");
        var original = PngFile.Read(Digit);
        var pixels = original.Pixels.ToArray();
        var mask = new byte[28 * 28];
        for (int i = 0; i < pixels.Length; i++)
        {
            bool left = i % 28 < 14;
            mask[i] = left ? (byte)255 : (byte)0;
            if (!left)
            {
                pixels[i] = (byte)(255 - pixels[i]);
            }
        }

        PngFile.Write(Path.Combine(b, "digit-3-000.png"), new DecodedImage("b", 28, 28, 1, pixels));
        string maskPath = _temp.File("mask.png");
        PngFile.Write(maskPath, new DecodedImage("mask", 28, 28, 1, mask));

        Assert.Equal(0, Invert(a, "masked-a", "--steps", "20", "--mask", maskPath).ExitCode);
        Assert.Equal(0, Invert(b, "masked-b", "--steps", "20", "--mask", maskPath).ExitCode);
        Assert.Equal(0, Invert(b, "plain-b", "--steps", "20").ExitCode);

        var latentA = NpyFile.Read(Path.Combine(_temp.Path, "masked-a", "latents.npy")).ToSingleArray();
        var latentB = NpyFile.Read(Path.Combine(_temp.Path, "masked-b", "latents.npy")).ToSingleArray();
        var plainB = NpyFile.Read(Path.Combine(_temp.Path, "plain-b", "latents.npy")).ToSingleArray();
        Assert.Equal(latentA, latentB);
        Assert.NotEqual(latentA, plainB);
        Assert.Equal(maskPath, Summary("masked-a").GetProperty("mask").GetString());
    }

    [Fact]
    public void Mask_Npy_OneChannelPlaneIsAccepted()
    {
        string maskPath = _temp.File("mask.npy");
        NpyFile.Write(maskPath, NpyArray.Create<float>(Enumerable.Repeat(1f, 28 * 28).ToArray(), 1, 28, 28));

        Assert.Equal(0, Invert(CopyDigits(1), "npy-mask", "--steps", "2", "--mask", maskPath).ExitCode);
    }

    [Fact]
    public void Mask_WrongPngSize_NamesTheFileAndBothSizes()
    {
        string maskPath = _temp.File("small.png");
        PngFile.Write(maskPath, new DecodedImage("mask", 20, 10, 1, new byte[200]));

        var result = Invert(CopyDigits(1), "bad-mask", "--steps", "1", "--mask", maskPath);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(maskPath, result.Errors, StringComparison.Ordinal);
        Assert.Contains("20x10", result.Errors, StringComparison.Ordinal);
        Assert.Contains("28x28", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Mask_WrongNpyShape_NamesTheFileAndShapes()
    {
        string maskPath = _temp.File("mask.npy");
        NpyFile.Write(maskPath, NpyArray.Create<float>(new float[3 * 28 * 28], 3, 28, 28));

        var result = Invert(CopyDigits(1), "bad-npy", "--steps", "1", "--mask", maskPath);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(maskPath, result.Errors, StringComparison.Ordinal);
        Assert.Contains("(3, 28, 28)", result.Errors, StringComparison.Ordinal);
        Assert.Contains("(1, 28, 28)", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongSize_WithoutResize_NamesTheFileItsSizeTheExpectedSizeAndTheFlag()
    {
        string folder = Directory.CreateDirectory(_temp.File("big")).FullName;
        string file = Path.Combine(folder, "big.png");
        PngFile.Write(file, ImageResizer.Resize(PngFile.Read(Digit), 32, 32));

        var result = Invert(folder, "big-out", "--steps", "1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(file, result.Errors, StringComparison.Ordinal);
        Assert.Contains("32x32", result.Errors, StringComparison.Ordinal);
        Assert.Contains("28x28", result.Errors, StringComparison.Ordinal);
        Assert.Contains("--resize", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Resize_LargerRgbImage_IsResizedAndConvertedToGray()
    {
        string folder = Directory.CreateDirectory(_temp.File("rgb")).FullName;
        var gray = ImageResizer.Resize(PngFile.Read(Digit), 56, 56);
        PngFile.Write(Path.Combine(folder, "rgb.png"), gray.ConvertChannels(3, ChannelConversion.GrayToRgb));

        var without = Invert(folder, "rgb-plain", "--steps", "1");
        var with = Invert(folder, "rgb-resized", "--steps", "2", "--resize");

        Assert.Equal(1, without.ExitCode);
        Assert.Equal(0, with.ExitCode);
        Assert.True(Summary("rgb-resized").GetProperty("resize").GetBoolean());
    }

    private string CopyDigits(int count, string name = "digits")
    {
        string folder = Directory.CreateDirectory(_temp.File(name)).FullName;
        foreach (string file in Directory.GetFiles(Path.GetDirectoryName(Digit)!, "*.png").Order(StringComparer.Ordinal).Skip(6).Take(count))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        return folder;
    }

    private CliResult Invert(string images, string output, params string[] extra) =>
        CliRunner.Run(["invert", "-m", RepoPaths.MnistModel, "-i", images, "-o", _temp.File(output), "--threads", "1", .. extra]);

    private JsonElement Summary(string output) => JsonDocument.Parse(File.ReadAllText(Path.Combine(_temp.Path, output, "summary.json"))).RootElement;

    private double MeanMse(string output) => Summary(output).GetProperty("mean_mse").GetDouble();
}
