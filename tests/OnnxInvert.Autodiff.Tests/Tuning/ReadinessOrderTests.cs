using OnnxInvert.Autodiff.Analysis;
using OnnxInvert.Autodiff.Checking;
using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Autodiff.Tuning;
using OnnxInvert.Imaging;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Tests.Tuning;

/// <summary>
/// The emitted graphs come in readiness order: few nodes are ever ready but written later (ONNX Runtime's session time
/// grew with the square of that backlog; docs/benchmarks.md, "Long graphs: the cause was our node order"). Asserted on
/// the graphs, never on time.
/// </summary>
public sealed class ReadinessOrderTests
{
    /// <summary>More than a handful means the backward pass's forward-only nodes sit at the end again.</summary>
    private const int MaxBacklog = 4;

    [Fact]
    public void ObjectiveOfALongChain_HasASmallReadyBacklog_AndTheSameNodes()
    {
        var model = ChainModels.Create(600);

        var graph = ObjectiveGraphBuilder.Build(model, ShapeProbe.Run(model), new ObjectiveSpec { Latents = [ChainModels.Latent], ImageOutput = ChainModels.Image, OutputRange = PixelRange.MinusOneToOne });

        Assert.InRange(ReadyBacklog(graph.Model.Graph), 0, MaxBacklog);
        Assert.Equal(graph.Model.Graph.Node.Count, graph.Model.Graph.Node.Select(n => n.Name).Distinct().Count());
    }

    [Fact]
    public void VjpOfALongChain_HasASmallReadyBacklog()
    {
        var model = ChainModels.Create(600);

        var vjp = VjpGraphBuilder.Build(model, ShapeProbe.Run(model), new GradientSpec([ChainModels.Latent], [ChainModels.Image]));

        Assert.InRange(ReadyBacklog(vjp.Graph), 0, MaxBacklog);
    }

    [Fact]
    public void Apply_WritesEachNodeWhenItBecomesReady_KeepingEveryNodeAndTheResult()
    {
        // y = tanh(tanh(x)) · (1 − x²), with the side branch (1 − x²) written last, where a backward pass writes it.
        var model = new OpModel(17).Latent("x", 4).Floats("one", [1f])
            .Node("Tanh", ["x"], "a").Node("Tanh", ["a"], "b")
            .Node("Mul", ["x", "x"], "square").Node("Sub", ["one", "square"], "side").Node("Mul", ["b", "side"], "y").Build();
        var reordered = model.Clone();

        ReadinessOrder.Apply(reordered);

        Assert.Equal(["a", "square", "b", "side", "y"], reordered.Graph.Node.Select(n => n.Output[0]));
        var x = HostTensor.Create([0.1, -0.7, 1.3, 2.0], 1, 4);
        using var before = new ModelRunner(model);
        using var after = new ModelRunner(reordered);
        Assert.Equal(before.Run(new Dictionary<string, HostTensor> { ["x"] = x }, ["y"])["y"].Data, after.Run(new Dictionary<string, HostTensor> { ["x"] = x }, ["y"])["y"].Data);
    }

    /// <summary>
    /// The most nodes that, at some position of the node list, have every input already produced yet are written after
    /// it: what a scheduler taking ready nodes by index keeps waiting.
    /// </summary>
    private static int ReadyBacklog(GraphProto graph)
    {
        var producedAt = new Dictionary<string, int>(StringComparer.Ordinal);
        var change = new int[graph.Node.Count + 1];
        for (int j = 0; j < graph.Node.Count; j++)
        {
            var node = graph.Node[j];
            int readyAt = node.Input.Select(i => producedAt.GetValueOrDefault(i, -1)).DefaultIfEmpty(-1).Max();
            // Waiting from the position after its last producer (the start, for a node of inputs and initializers only) up to its own.
            int from = readyAt + 1;
            if (from < j)
            {
                change[from]++;
                change[j]--;
            }

            foreach (string output in node.Output)
            {
                producedAt[output] = j;
            }
        }

        int waiting = 0, most = 0;
        foreach (int delta in change)
        {
            waiting += delta;
            most = Math.Max(most, waiting);
        }

        return most;
    }
}
