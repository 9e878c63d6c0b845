using OnnxInvert.Autodiff.Checking;
using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Proto;
using OnnxInvert.Runtime;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Autodiff.Tests.Checking;

/// <summary>
/// The sessions of <c>grad</c> and <c>check-grad</c> follow <see cref="LongGraphSettings"/> as <c>invert</c>'s do: a
/// graph of <see cref="LongGraphSettings.Nodes"/> nodes opens without graph optimisations (said once), a shorter one
/// with the caller's settings, silently. Asserted on the notices and the results, never on time.
/// </summary>
public sealed class ModelRunnerLongGraphTests
{
    [Fact]
    public void ChainAtTheThreshold_OpensWithTheLongGraphSettings_AndStillRuns()
    {
        var notices = new List<string>();

        var chain = Chain(LongGraphSettings.Nodes);

        using var runner = new ModelRunner(chain, new SessionSettings { Notice = notices.Add });

        string notice = Assert.Single(notices);
        Assert.Contains("graph optimisations are turned off", notice, StringComparison.Ordinal);
        Assert.Contains("8,000 nodes", notice, StringComparison.Ordinal);
        string output = chain.Graph.Output[0].Name;
        var y = runner.Run(new Dictionary<string, HostTensor> { ["x"] = new([0.5, -2], [2]) }, [output])[output];
        Assert.Equal([0.5, 0], y.Data); // Relu, 8,000 times
    }

    [Fact]
    public void ChainBelowTheThreshold_KeepsTheCallersSettings_Silently()
    {
        var notices = new List<string>();

        using var runner = new ModelRunner(Chain(LongGraphSettings.Nodes - 1), new SessionSettings { Notice = notices.Add });

        Assert.Empty(notices);
    }

    /// <summary>x [2] → <paramref name="nodes"/> Relu nodes.</summary>
    private static ModelProto Chain(int nodes)
    {
        var graph = new GraphProto { Name = $"relu{nodes}" };
        var builder = new GraphBuilder(graph, 17);
        builder.AddInput(ValueInfoFactory.Tensor("x", DataType.Float, [2]));
        string previous = "x";
        for (int i = 0; i < nodes; i++)
        {
            previous = builder.Node("Relu", [previous], $"r{i}");
        }

        builder.AddOutput(ValueInfoFactory.Tensor(previous, DataType.Float, [2]));
        return ModelFactory.Create(graph, 17);
    }
}
