using OnnxInvert.BackendRoundTrip.Tensors;

namespace OnnxInvert.BackendRoundTrip.Suite;

/// <summary>A case's inputs and expected outputs, decoded and named after the graph's inputs and outputs.</summary>
internal sealed class CaseData
{
    private CaseData(IReadOnlyList<(string Name, HostTensor Tensor)> inputs, IReadOnlyList<(string Name, HostTensor Tensor)> expected)
    {
        Inputs = inputs;
        ExpectedOutputs = expected;
    }

    /// <summary>The inputs to feed, by graph input name.</summary>
    public IReadOnlyList<(string Name, HostTensor Tensor)> Inputs { get; }

    /// <summary>The expected outputs, by graph output name.</summary>
    public IReadOnlyList<(string Name, HostTensor Tensor)> ExpectedOutputs { get; }

    /// <summary>Reads the files of <paramref name="testCase"/>, matched by position to <paramref name="graph"/>.</summary>
    /// <exception cref="InvalidDataException">The files do not match the graph, or a file cannot be decoded.</exception>
    /// <exception cref="NotSupportedException">A tensor has an element type the binding cannot feed.</exception>
    public static CaseData Load(BackendCase testCase, GraphInterface graph)
    {
        IReadOnlyList<string> inputFiles = testCase.InputFiles;
        IReadOnlyList<string> outputFiles = testCase.OutputFiles;
        if (inputFiles.Count != graph.Inputs.Count || outputFiles.Count != graph.Outputs.Count)
        {
            throw new InvalidDataException(
                $"the data set has {inputFiles.Count} inputs and {outputFiles.Count} outputs; the graph declares {graph.Inputs.Count} and {graph.Outputs.Count}");
        }

        var inputs = inputFiles.Select((file, i) => (graph.Inputs[i].Name, TensorProtoDecoder.ReadFile(file))).ToArray();
        var expected = outputFiles.Select((file, i) => (graph.Outputs[i].Name, TensorProtoDecoder.ReadFile(file))).ToArray();
        return new CaseData(inputs, expected);
    }
}
