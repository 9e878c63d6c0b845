using System.Reflection;
using System.Text.RegularExpressions;
using CommandLine;
using OnnxInvert.Cli.Messages;

namespace OnnxInvert.Cli.Tests.Messages;

public sealed class SettingFlagsTests
{
    [Theory]
    [InlineData("g.onnx: taking NCHW (override with GeneratorOptions.Layout = Nhwc)", "g.onnx: taking NCHW (override with --layout nhwc)")]
    [InlineData("give the input's shape per sample (GeneratorOptions.InputShapes) or the targets' size", "give the input's shape per sample (--latent-shape NAME=4,32,32) or the targets' size")]
    [InlineData("name it (GeneratorOptions.Latents); or GeneratorOptions.LatentInput", "name it (--latent); or --latent")]
    [InlineData("or use SessionSettings.Provider = cpu or auto:cuda,cpu.", "or use --provider cpu or auto:cuda,cpu.")]
    [InlineData("Choose the library (the path given to OrtLibrary.Load, or ONNXINVERT_ORT_LIB)", "Choose the library (--ort-lib, or ONNXINVERT_ORT_LIB)")]
    [InlineData("InversionJob.ReuseFolder takes over one latent per item", "--reuse takes over one latent per item")]
    [InlineData("optimisations are turned off (SessionSettings.GraphOptimization = All keeps them)", "optimisations are turned off (--ort-optimization all keeps them)")]
    public void Rephrase_PutsTheFlagInPlaceOfTheLibrarySetting(string library, string cli)
    {
        Assert.Equal(cli, SettingFlags.Rephrase(library));
    }

    [Theory]
    [InlineData("step 3: loss 0.5")]
    [InlineData("GeneratorOptions.LayoutX is not a setting")]
    [InlineData("InversionOptions.TargetMse has no flag of this table")]
    public void Rephrase_LeavesOtherTextAlone(string text)
    {
        Assert.Equal(text, SettingFlags.Rephrase(text));
    }

    [Fact]
    public void Entries_EachFlagIsAnOptionOfSomeVerb()
    {
        var flags = Program.Verbs.SelectMany(v => v.GetProperties())
            .Select(p => p.GetCustomAttribute<OptionAttribute>()?.LongName)
            .OfType<string>()
            .Select(name => $"--{name}")
            .ToHashSet(StringComparer.Ordinal);

        Assert.All(SettingFlags.Entries, e => Assert.Contains(e.Flag, flags));
    }

    [Fact]
    public void Entries_EachSettingNamesAMemberOfALibraryType()
    {
        var types = new[] { typeof(Runtime.SessionSettings), typeof(Inversion.Models.Generator) }
            .Select(t => t.Assembly)
            .SelectMany(a => a.GetExportedTypes())
            .ToLookup(t => t.Name, StringComparer.Ordinal);

        Assert.All(SettingFlags.Entries, e =>
        {
            var member = Regex.Match(e.Setting, @"(\w+)\.(\w+)$");
            Assert.True(member.Success, e.Setting);
            Assert.Contains(types[member.Groups[1].Value], t => t.GetMember(member.Groups[2].Value).Length > 0);
        });
    }

    [Fact]
    public void Writer_RephrasesWhatIsWrittenThroughIt()
    {
        var inner = new StringWriter();
        using var writer = new FlagNamingWriter(inner);

        writer.WriteLine("state the layout (GeneratorOptions.Layout)");
        writer.Write("(GeneratorOptions.ImageShape)");

        Assert.Equal($"state the layout (--layout){Environment.NewLine}(--image-shape)", inner.ToString());
    }
}
