using System.Diagnostics;
using System.Globalization;
using OnnxInvert.Autodiff.Analysis;
using OnnxInvert.Autodiff.Objective;
using OnnxInvert.BuildBench;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Runtime;

// Usage: OnnxInvert.BuildBench [NODES...]   (default 1000 2000 4000 8000)
// Times what Inverter.Create does on a Tanh/Mul chain of each length; the last column is the same session created with
// graph optimisation disabled, to separate the runtime's optimisers from the rest of its session initialisation.
int[] sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [1000, 2000, 4000, 8000];
Console.WriteLine("| chain nodes | shape probe s | batch coupling s | objective graph s (nodes) | serialise s | session, optimisation all s | session, optimisation disabled s |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
foreach (int n in sizes)
{
    var model = ChainModel.Create(n);
    var clock = Stopwatch.StartNew();
    double Lap()
    {
        double s = clock.Elapsed.TotalSeconds;
        clock.Restart();
        return s;
    }

    var shapes = ShapeProbe.Run(model);
    double probe = Lap();
    _ = BatchCoupling.Detect(model, shapes);
    double coupling = Lap();
    var graph = ObjectiveGraphBuilder.Build(model, shapes, new ObjectiveSpec { Latents = [ChainModel.Latent], ImageOutput = ChainModel.Image, OutputRange = OnnxInvert.Imaging.PixelRange.MinusOneToOne });
    double build = Lap();
    byte[] bytes = OnnxModelWriter.ToBytes(graph.Model);
    double serialise = Lap();
    using (OrtSession.FromBytes(bytes, new SessionSettings()))
    {
    }

    double optimised = Lap();
    using (OrtSession.FromBytes(bytes, new SessionSettings { GraphOptimization = GraphOptimizationLevel.Disabled }))
    {
    }

    double disabled = Lap();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {n:N0} | {probe:F2} | {coupling:F2} | {build:F2} ({graph.Model.Graph.Node.Count:N0}) | {serialise:F2} | {optimised:F2} | {disabled:F2} |"));
}
