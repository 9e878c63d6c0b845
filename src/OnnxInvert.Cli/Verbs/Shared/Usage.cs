namespace OnnxInvert.Cli.Verbs.Shared;

/// <summary>Shared pieces of the [Usage] examples shown in each verb's help.</summary>
internal static class Usage
{
    /// <summary>The bundled generator, relative to the repository root (where the examples are meant to run).</summary>
    public const string MnistModel = "onnx-models/mnist-table1-uniform/generator.onnx";

    /// <summary>The bundled generator of the same architecture trained with a normal prior.</summary>
    public const string MnistNormalModel = "onnx-models/mnist-table1-normal/generator.onnx";

    /// <summary>The 16 bundled held-out MNIST digits.</summary>
    public const string MnistSamples = "onnx-models/samples/mnist";
}
