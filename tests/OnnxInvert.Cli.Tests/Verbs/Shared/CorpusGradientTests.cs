using System.Globalization;
using System.Text.Json;
using OnnxInvert.Cli.Tests.TestUtilities;
using OnnxInvert.Onnx.IO;
using OnnxInvert.TestSupport;

namespace OnnxInvert.Cli.Tests.Verbs.Shared;

/// <summary>
/// <c>grad</c>, <c>check-grad</c> and <c>info</c> on every case of the export corpus with only the model flags of the
/// case's <c>cli_flags</c>: they adapt the model as <c>invert</c> does, so <c>grad</c> writes the VJP model of the
/// adapted generator and names every input it needs, <c>check-grad</c> checks it against finite differences, and
/// <c>info</c> gives every graph input a role and reports the image tensor and layout the case states.
/// </summary>
public sealed class CorpusGradientTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> Cases() => new(CorpusCases.Ids());

    [Theory]
    [MemberData(nameof(Cases))]
    public void Grad_WritesTheAdaptedVjpModelAndListsEveryInputItNeeds(string id)
    {
        string vjpPath = _temp.File("vjp.onnx");

        var result = CliRunner.Run(["grad", CorpusCases.Model(id), "-o", vjpPath, .. CorpusCases.ModelFlags(id)]);

        Assert.True(result.ExitCode == 0, $"{id}: exit {result.ExitCode}\n{result.Errors}");
        var vjp = OnnxModelReader.Read(vjpPath);
        var weights = vjp.Graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        string[] inputs = [.. vjp.Graph.Input.Select(i => i.Name).Where(n => !weights.Contains(n))];
        string[] outputs = [.. vjp.Graph.Output.Select(o => o.Name)];
        string[] printed = [.. result.Output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("latent ", StringComparison.Ordinal) || l.StartsWith("condition ", StringComparison.Ordinal) || l.StartsWith("noise ", StringComparison.Ordinal) || l.StartsWith("cotangent ", StringComparison.Ordinal))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1])];
        Assert.Equal(inputs.Order(StringComparer.Ordinal), printed.Order(StringComparer.Ordinal));
        Assert.Single(inputs, n => n.EndsWith("_grad", StringComparison.Ordinal));
        string[] latents = CorpusCases.NamedLatents(id);
        foreach (string latent in latents.Length > 0 ? latents : [.. CaseLatents(id)])
        {
            Assert.Contains(latent, inputs);
            Assert.Contains($"{latent}_grad", outputs);
            Assert.Contains($"latent     {latent}", result.Output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CheckGrad_PassesOnTheAdaptedGenerator(string id)
    {
        // Most cases check in float32 (ONNX Runtime has no float64 Conv, ConvTranspose or Resize): central differences
        // through LeakyReLU/ReLU kinks are noisy, more so along a direction nearly orthogonal to the gradient, so one
        // seeded direction and 5e-2 as the help says. The gradients' values are compared with PyTorch autograd at 1e-4
        // in OnnxInvert.Autodiff.Tests' CorpusReferenceTests.
        var result = CliRunner.Run(["check-grad", CorpusCases.Model(id), "--directions", "1", "--tolerance", "5e-2", .. CorpusCases.ModelFlags(id)]);

        Assert.True(result.ExitCode == 0, $"{id}: exit {result.ExitCode}\n{result.Output}\n{result.Errors}");
        Assert.Contains("PASS", result.Output, StringComparison.Ordinal);
        string[] latents = CorpusCases.NamedLatents(id);
        foreach (string latent in latents.Length > 0 ? latents : [.. CaseLatents(id)])
        {
            Assert.Contains(latent, result.Output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Info_GivesEveryInputARoleAndReportsTheCasesImage(string id)
    {
        var result = CliRunner.Run(["info", CorpusCases.Model(id), "--json", .. CorpusCases.ModelFlags(id)]);

        Assert.True(result.ExitCode == 0, $"{id}: exit {result.ExitCode}\n{result.Errors}");
        using var info = JsonDocument.Parse(result.Output);
        using var spec = JsonDocument.Parse(File.ReadAllText(Path.Combine(CorpusCases.Folder(id), "case.json")));
        var adaptation = info.RootElement.GetProperty("adaptation");
        Assert.False(adaptation.TryGetProperty("error", out _), $"{id}: {adaptation}");
        var image = spec.RootElement.GetProperty("image");
        Assert.Equal(image.GetProperty("tensor").GetString(), adaptation.GetProperty("image").GetProperty("tensor").GetString());
        Assert.Equal(image.GetProperty("layout").GetString(), adaptation.GetProperty("image").GetProperty("layout").GetString());
        Assert.Equal(image.GetProperty("image_shape").EnumerateArray().Select(d => d.GetInt64()), adaptation.GetProperty("image").GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal(JsonValueKind.Null, adaptation.GetProperty("fixed_batch").ValueKind);

        string[] named = CorpusCases.NamedLatents(id);
        string[] latents = [.. adaptation.GetProperty("latents").EnumerateArray().Select(l => l.GetProperty("name").GetString()!)];
        Assert.Equal(named.Length > 0 ? named : [.. CaseLatents(id)], latents);
        foreach (var input in info.RootElement.GetProperty("inputs").EnumerateArray())
        {
            string name = input.GetProperty("name").GetString()!;
            string role = input.GetProperty("role").GetString() ?? string.Empty;
            string expected = spec.RootElement.GetProperty("inputs").GetProperty(name).GetProperty("role").GetString()!;
            bool cut = id.Contains(':', StringComparison.Ordinal);
            Assert.True(
                cut ? role.StartsWith("feeds cut point", StringComparison.Ordinal) : role == expected,
                string.Create(CultureInfo.InvariantCulture, $"{id}: input '{name}' has role '{role}'; case.json says {expected}"));
        }
    }

    /// <summary>The inputs case.json marks as latents.</summary>
    private static IEnumerable<string> CaseLatents(string id)
    {
        using var spec = JsonDocument.Parse(File.ReadAllText(Path.Combine(CorpusCases.Folder(id), "case.json")));
        return [.. spec.RootElement.GetProperty("inputs").EnumerateObject().Where(i => i.Value.GetProperty("role").GetString() == "latent").Select(i => i.Name)];
    }
}
