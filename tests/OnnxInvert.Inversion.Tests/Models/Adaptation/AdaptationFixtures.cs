using System.Text.Json;
using OnnxInvert.Inversion.Models.Adaptation;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Onnx.Proto;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Inversion.Tests.Models.Adaptation;

/// <summary>The torch.onnx.export fixtures of Fixtures/adaptation (made by make_adaptation_fixtures.py) and helpers to run them.</summary>
internal static class AdaptationFixtures
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "adaptation");

    public static string PathOf(string name) => Path.Combine(Folder, name + ".onnx");

    public static ModelProto Load(string name) => OnnxModelReader.Read(PathOf(name));

    /// <summary>A tensor name the fixture script recorded in manifest.json (exporter-chosen intermediate names).</summary>
    public static string Tensor(string model, string key)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.json")));
        return document.RootElement.GetProperty(model).GetProperty(key).GetString()!;
    }

    public static AdaptationRequest Request(string name) => new() { ModelName = name + ".onnx" };

    /// <summary>Standard-normal floats, reproducible from <paramref name="seed"/>.</summary>
    public static float[] Gaussian(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))).ToArray();
    }

    /// <summary>Runs <paramref name="model"/> on float inputs and returns <paramref name="output"/> (a graph output or any intermediate).</summary>
    public static HostTensor Run(ModelProto model, string output, params (string Name, float[] Data, long[] Dims)[] inputs)
    {
        using var runner = ModelRunner.Open(model, [output], null, "test model");
        return runner.Run(inputs.Select(i => new HostTensor(i.Name, DataType.Float, i.Dims, i.Data)).ToArray(), [output], "test model")[0];
    }

    /// <summary>Runs <paramref name="model"/> on inputs of any type and returns <paramref name="output"/>.</summary>
    public static HostTensor Run(ModelProto model, string output, IReadOnlyList<HostTensor> inputs)
    {
        using var runner = ModelRunner.Open(model, [output], null, "test model");
        return runner.Run(inputs, [output], "test model")[0];
    }

    /// <summary>Row <paramref name="i"/> of a float tensor with the batch on its first axis.</summary>
    public static float[] Sample(HostTensor tensor, int i)
    {
        int row = (int)(tensor.Count / tensor.Dims[0]);
        return tensor.Floats.AsSpan(i * row, row).ToArray();
    }

    /// <summary>Transposes one [H, W, C] sample to [C, H, W].</summary>
    public static float[] HwcToChw(float[] hwc, int h, int w, int c)
    {
        var chw = new float[hwc.Length];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                for (int k = 0; k < c; k++)
                {
                    chw[(((k * h) + y) * w) + x] = hwc[(((y * w) + x) * c) + k];
                }
            }
        }

        return chw;
    }

    public static void AssertClose(float[] expected, float[] actual, float tolerance = 1e-5f)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}
