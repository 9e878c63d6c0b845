using System.Security.Cryptography;
using OnnxInvert.Cli.Tests.TestUtilities;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Cli.Tests.Verbs.Invert;

/// <summary>What <c>invert</c> takes from a model's own metadata and its card's checksums.</summary>
public sealed class InvertModelMetadataTests : IDisposable
{
    private readonly InvertWorkspace _work = new(images: 1);

    public void Dispose() => _work.Dispose();

    [Fact]
    public void NoCardButAPriorInTheModelsMetadata_InvertUsesItAndSaysWhereItCameFrom()
    {
        string model = WithMetadata("onnxinvert.prior", """{"kind": "uniform", "low": -2.0, "high": 2.0}""");

        var result = CliRunner.Run(["invert", "-m", model, "-i", _work.Images, "-o", _work.File("out"), "--steps", "2"]);

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Contains(result.ErrorLines, l => l.Contains("from the model's metadata (onnxinvert.prior)", StringComparison.Ordinal));
        Assert.DoesNotContain("assuming normal", result.Errors, StringComparison.Ordinal);
        Assert.Equal("uniform:-2,2", InvertWorkspace.Summary(_work.File("out")).GetProperty("prior").GetString());
    }

    [Fact]
    public void UnparsableMetadataPrior_WarnsThenAssumesTheDefault()
    {
        string model = WithMetadata("onnxinvert.prior", "cauchy:0,1");

        var result = CliRunner.Run(["invert", "-m", model, "-i", _work.Images, "-o", _work.File("bad"), "--steps", "2"]);

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Contains(result.ErrorLines, l => l.Contains("warning", StringComparison.Ordinal) && l.Contains("cauchy:0,1", StringComparison.Ordinal) && l.Contains("onnxinvert.prior", StringComparison.Ordinal));
        Assert.Contains(result.ErrorLines, l => l.Contains("assuming normal", StringComparison.Ordinal));
    }

    [Fact]
    public void CardWithAnotherSha256_InvertWarnsNamingTheModelAndBothValues()
    {
        string model = _work.Model;
        string actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(model)));
        string stated = new('a', 64);
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(model)!, ModelCard.FileName), $$"""{ "files": { "model.onnx": { "sha256": "{{stated}}" } } }""");

        var result = _work.Invert("sha", "--steps", "2");

        Assert.True(result.ExitCode == 0, result.Errors);
        string warning = Assert.Single(result.ErrorLines, l => l.Contains("sha256", StringComparison.Ordinal));
        Assert.Contains("model.onnx", warning, StringComparison.Ordinal);
        Assert.Contains(actual, warning, StringComparison.Ordinal);
        Assert.Contains(stated, warning, StringComparison.Ordinal);
    }

    private string WithMetadata(string key, string value)
    {
        ModelProto model = OnnxModelReader.Read(_work.Model);
        model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        string path = _work.File("with-metadata.onnx");
        OnnxModelWriter.Write(model, path);
        return path;
    }
}
