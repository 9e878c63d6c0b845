using System.Globalization;
using System.Text.Json;
using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Constraints;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Models.Adaptation;
using OnnxInvert.Inversion.Optimizers;
using OnnxInvert.Inversion.Tests.TestUtilities;
using OnnxInvert.TestSupport;

namespace OnnxInvert.Inversion.Tests.Models;

/// <summary>
/// Every case of the export corpus (onnx-models/corpus/&lt;case&gt;/case.json) opened from the library with only what
/// its <c>cli_flags</c> say, inverting the 8 images the model generated itself (targets.npy, in the model's own
/// layout) to a mean MSE below 5% of their variance. Cut points (W of the StyleGAN2-like model) are cases of their own.
/// </summary>
public sealed class CorpusInversionTests
{
    private static readonly string Root = Path.Combine(RepoPaths.Root, "onnx-models", "corpus");

    public static TheoryData<string> Cases()
    {
        var cases = new TheoryData<string>();
        foreach (string folder in Directory.GetDirectories(Root).Where(d => File.Exists(Path.Combine(d, "case.json"))).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(folder);
            cases.Add(name);
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "case.json")));
            foreach (var cut in json.RootElement.GetProperty("cut_points").EnumerateObject())
            {
                cases.Add($"{name}:{cut.Name}");
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EveryCase_InvertsItsOwnImages_WithOnlyItsFlags(string id)
    {
        var (folder, flags) = Flags(id);
        var generatorOptions = new GeneratorOptions();
        var conditions = new Dictionary<string, ConditionValue>(StringComparer.Ordinal);
        var initialization = LatentInitialization.PriorSample;
        for (int i = 0; i < flags.Count; i += 2)
        {
            string value = flags[i + 1];
            switch (flags[i])
            {
                case "--latent":
                    generatorOptions = generatorOptions with { Latents = value.Split(',') };
                    break;
                case "--output":
                    generatorOptions = generatorOptions with { ImageOutput = value };
                    break;
                case "--image-shape":
                    generatorOptions = generatorOptions with { ImageShape = [.. value.Split(',').Select(long.Parse)] };
                    break;
                case "--latent-shape":
                    var (name, dims) = Split(value);
                    generatorOptions = generatorOptions with { InputShapes = new Dictionary<string, long[]> { [name] = [.. dims.Split(',').Select(long.Parse)] } };
                    break;
                case "--layout":
                    generatorOptions = generatorOptions with { Layout = Enum.Parse<ImageLayout>(value, ignoreCase: true) };
                    break;
                case "--input":
                    var (input, given) = Split(value);
                    conditions[input] = given.EndsWith(".npy", StringComparison.Ordinal)
                        ? Rows(Path.Combine(folder, given))
                        : ConditionValue.Scalar(double.Parse(given, CultureInfo.InvariantCulture));
                    break;
                case "--init" when value == "mean":
                    initialization = LatentInitialization.PriorMean;
                    break;
                default:
                    throw new InvalidOperationException($"{id}: flag {flags[i]} {value} is not known to this test");
            }
        }

        using var generator = Generator.Open(Path.Combine(folder, "model.onnx"), generatorOptions);
        var stored = NpyFile.Read(Path.Combine(folder, "targets.npy"));
        int count = stored.Shape[0];
        float[] nchw = ImageLayoutConversion.ToNchw(stored.ToSingleArray(), count, generator.Layout, generator.ImageShape);
        var targets = new InversionTargets(nchw, count);
        using var inverter = Inverter.Create(generator, new InversionOptions
        {
            Steps = 300,
            BatchSize = 8,
            Loss = LossKind.Mse,
            Optimizer = new OptimizerSettings { Kind = OptimizerKind.Adam, LearningRate = 0.05 },
            PriorHandling = PriorHandling.None,
            Initialization = initialization,
            Conditions = conditions,
        });

        var results = await TinyInversion.Collect(inverter, targets);

        double mean = nchw.Average(v => (double)v);
        double variance = nchw.Average(v => (v - mean) * (v - mean));
        double mse = results.Average(r => r.Mse);
        Assert.Equal(count, results.Count);
        Assert.True(mse < 0.05 * variance, $"{id}: mean MSE {mse:E3}, 5% of the targets' variance is {0.05 * variance:E3} (per image: {string.Join(", ", results.OrderBy(r => r.Index).Select(r => r.Mse.ToString("E2", CultureInfo.InvariantCulture)))})");
    }

    private static (string Folder, List<string> Flags) Flags(string id)
    {
        string[] parts = id.Split(':');
        string folder = Path.Combine(Root, parts[0]);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "case.json")));
        var source = parts.Length == 1 ? json.RootElement : json.RootElement.GetProperty("cut_points").GetProperty(parts[1]);
        return (folder, [.. source.GetProperty("cli_flags").EnumerateArray().Select(f => f.GetString()!)]);
    }

    private static (string Name, string Value) Split(string flag)
    {
        int equals = flag.IndexOf('=', StringComparison.Ordinal);
        return (flag[..equals], flag[(equals + 1)..]);
    }

    private static ConditionValue Rows(string path)
    {
        var array = NpyFile.Read(path);
        double[] values = array.DataType == NpyDataType.Int64
            ? [.. array.GetData<long>().ToArray().Select(v => (double)v)]
            : [.. array.ToSingleArray().Select(v => (double)v)];
        return ConditionValue.FromRows(values, array.Shape[0]);
    }
}
