namespace OnnxInvert.Cli.Options;

/// <summary>Shared pieces of the [Usage] examples shown in each verb's help.</summary>
internal static class Usage
{
    /// <summary>The bundled generator, relative to the repository root (where the examples are meant to run).</summary>
    public const string MnistModel = "onnx-models/mnist-table1-uniform/generator.onnx";
}
