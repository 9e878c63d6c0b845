using CommandLine;
using OnnxInvert.Cli.Verbs.Invert;
using OnnxInvert.Cli.Verbs.Shared;
using OnnxInvert.Cli.Tests.TestUtilities;

namespace OnnxInvert.Cli.Tests.Verbs.Shared;

public sealed class InvertPresetTests
{
    [Fact]
    public void Paper_SetsAlgorithmOneSettings()
    {
        var fresh = InvertPreset.Apply(Parse("invert -m m.onnx -i x -o y --preset paper"));

        Assert.Equal("rmsprop", fresh.Optimizer);
        Assert.Equal(0.01, fresh.LearningRate);
        Assert.Equal(0.0, fresh.Momentum);
        Assert.Equal("constant", fresh.Schedule);
        Assert.Equal("bce", fresh.Loss);
        Assert.Equal("clip", fresh.PriorMode);
        Assert.Equal(1, fresh.Restarts);
        Assert.Equal(0.0, fresh.Tolerance);
        Assert.Equal(500, fresh.Steps); // the paper gives no step count: --steps keeps its value
    }

    [Fact]
    public void Exact_AppliedOverTheDefaultsOfAParsedCommandLine()
    {
        string[] args = CliRunner.Split("invert -m m.onnx -i x -o y --preset exact");
        var options = InvertPreset.Apply(Parse(args));
        var exact = InvertPreset.Find("exact");

        Assert.Equal(exact.Optimizer, options.Optimizer);
        Assert.Equal(exact.LearningRate, options.LearningRate);
        Assert.Equal(exact.Schedule, options.Schedule);
        Assert.Equal(exact.Loss, options.Loss);
        Assert.Equal(exact.PriorMode, options.PriorMode);
        Assert.Equal(exact.Steps, options.Steps);
        Assert.Equal(exact.Restarts, options.Restarts);
    }

    [Theory]
    [InlineData("invert -m m.onnx -i x -o y --preset exact --lr 0.02 --steps 77")]
    [InlineData("invert -m m.onnx -i x -o y --lr=0.02 --preset=exact --steps=77")]
    [InlineData("invert --steps 77 --preset EXACT -m m.onnx -i x -o y --lr 0.02")]
    public void ExplicitFlag_WinsOverThePreset(string line)
    {
        string[] args = CliRunner.Split(line);
        var options = InvertPreset.Apply(Parse(args));

        Assert.Equal(0.02, options.LearningRate);
        Assert.Equal(77, options.Steps);
        Assert.Equal("adam", options.Optimizer);
        Assert.Equal(InvertPreset.Find("exact").Restarts, options.Restarts);
    }

    [Fact]
    public void ExplicitFlagWithTheDefaultValue_StillWinsOverThePreset()
    {
        var options = InvertPreset.Apply(Parse("invert -m m.onnx -i x -o y --preset exact --steps 500 --optimizer rmsprop"));

        Assert.Equal(500, options.Steps);
        Assert.Equal("rmsprop", options.Optimizer);
        Assert.Equal(InvertPreset.Find("exact").LearningRate, options.LearningRate);
    }

    [Fact]
    public void Exact_StopsAtTheTarget_RestartsStuckImages_AndScalesTheRateByThePrior()
    {
        var options = InvertPreset.Apply(Parse("invert -m m.onnx -i x -o y --preset exact"));

        Assert.Equal(1e-4, options.TargetMse);
        Assert.Equal(2, options.StallRestarts);
        Assert.Equal("prior", options.LrScale);
        Assert.Equal("support", options.PriorMode);
    }

    [Theory]
    [InlineData("--preset exact --time-budget 60", OnnxInvert.Inversion.Engine.InversionOptions.UntilBudget)]
    [InlineData("--preset exact --time-budget 60 --stall-restarts 3", 3)]
    [InlineData("--preset exact", 2)]
    [InlineData("--time-budget 60", 0)]
    public void Exact_WithATimeBudget_RestartsStuckImagesUntilItIsSpent(string flags, int stallRestarts)
    {
        var options = InvertPreset.Apply(Parse($"invert -m m.onnx -i x -o y {flags}"));

        Assert.Equal(stallRestarts, options.StallRestarts);
        Assert.Equal(flags.Contains("exact", StringComparison.Ordinal) ? 0.3 : 0.0, options.ContinueRate);
    }

    [Theory]
    [InlineData("--preset exact --lr 0.02", "absolute")]
    [InlineData("--preset exact --lr 0.02 --lr-scale prior", "prior")]
    [InlineData("--preset exact --lr-scale absolute", "absolute")]
    [InlineData("--preset paper", "absolute")]
    [InlineData("", "absolute")]
    public void ATypedRate_IsAbsoluteUnlessTheScaleIsTypedToo(string flags, string scale)
    {
        var options = InvertPreset.Apply(Parse($"invert -m m.onnx -i x -o y {flags}"));

        Assert.Equal(scale, options.LrScale);
    }

    [Fact]
    public void NoPreset_LeavesTheTargetOff()
    {
        var options = InvertPreset.Apply(Parse("invert -m m.onnx -i x -o y"));

        Assert.Equal(0.0, options.TargetMse);
        Assert.Equal(0, options.StallRestarts);
    }

    [Fact]
    public void NoPreset_LeavesOptionsAlone()
    {
        string[] args = CliRunner.Split("invert -m m.onnx -i x -o y");
        var options = InvertPreset.Apply(Parse(args));

        Assert.Equal("rmsprop", options.Optimizer);
        Assert.Equal(500, options.Steps);
        Assert.Equal(1, options.Restarts);
    }

    [Fact]
    public void UnknownPreset_ExitsTwoNamingTheValidOnes()
    {
        using var folder = new TempFolder();
        var result = CliRunner.Run("invert", "-m", RepoPaths.MnistModel, "-i", folder.File("none.npy"), "-o", folder.File("out"), "--preset", "fastest");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--preset must be one of: paper, exact; got 'fastest'", result.Errors, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.File("out")));
    }

    [Fact]
    public void Help_ListsThePresetOption()
    {
        var result = CliRunner.RunLine("invert --help");

        Assert.Contains("--preset", result.Output + result.Errors, StringComparison.Ordinal);
    }

    private static InvertOptions Parse(string line) => Parse(CliRunner.Split(line));

    private static InvertOptions Parse(string[] args)
    {
        using var parser = new Parser(s =>
        {
            s.HelpWriter = null;
            s.AllowMultiInstance = true;
        });
        InvertOptions? parsed = null;
        parser.ParseArguments<InvertOptions>(args[1..]).WithParsed(o => parsed = o);
        return parsed ?? throw new InvalidOperationException($"did not parse: {string.Join(' ', args)}");
    }
}
