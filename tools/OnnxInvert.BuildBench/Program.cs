using System.Diagnostics;
using System.Globalization;
using OnnxInvert.Autodiff.Analysis;
using OnnxInvert.Autodiff.Objective;
using OnnxInvert.BuildBench;
using OnnxInvert.TestSupport;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Runtime;

// Usage: OnnxInvert.BuildBench [NODES...] [--ort-config KEY=VALUE]... [--save FOLDER] [--levels] [--no-all]   (default 1000 2000 4000 8000)
// Times what Inverter.Create does on a Tanh/Mul chain of each length; the last column is the same session created with
// graph optimisation disabled, to separate the runtime's optimisers from the rest of its session initialisation.
// --levels adds a column per level between (Basic, Extended), to find the level whose transformers cost the time;
// --no-all leaves out the level-All session (NaN in its column), for chains where it takes minutes.
// --ort-config entries go to both sessions; --save writes each objective graph (chainN-objective.onnx) and the graph
// ONNX Runtime runs after its own shape inference and optimisation (chainN-ort.onnx) to FOLDER.
// OnnxInvert.BuildBench --sessions [--level LEVEL] FILE...: times creating a session for each ONNX file, with optimisation
// disabled unless LEVEL (basic, extended, all) is given.
// OnnxInvert.BuildBench --hash MODEL: times reading MODEL with and without its SHA-256 (the model-card check), 3 times each.
// OnnxInvert.BuildBench --steps BATCH THREADS ITEM...: per ITEM (a generator file, or chainN), the objective session's
// creation time and the median step time at level All and with optimisation disabled (StepCost).
if (args is ["--steps", string stepBatch, string stepThreads, .. var stepItems])
{
    StepCost.Run(stepItems, int.Parse(stepBatch, CultureInfo.InvariantCulture), int.Parse(stepThreads, CultureInfo.InvariantCulture));
    return;
}

if (args is ["--sessions", .. var sessionArgs])
{
    var level = GraphOptimizationLevel.Disabled;
    string[] sessionFiles = sessionArgs;
    if (sessionArgs is ["--level", string levelName, .. var rest])
    {
        level = Enum.Parse<GraphOptimizationLevel>(levelName, ignoreCase: true);
        sessionFiles = rest;
    }

    Console.WriteLine($"| graph | nodes | session, optimisation {level.ToString().ToLowerInvariant()} s |");
    Console.WriteLine("|---|---:|---:|");
    foreach (string file in sessionFiles)
    {
        byte[] model = File.ReadAllBytes(file);
        int nodes = OnnxModelReader.Read(file).Graph.Node.Count;
        var watch = Stopwatch.StartNew();
        using (OrtSession.FromBytes(model, new SessionSettings { GraphOptimization = level }))
        {
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {Path.GetFileName(file)} | {nodes:N0} | {watch.Elapsed.TotalSeconds:F2} |"));
    }

    return;
}

if (args is ["--hash", string hashed])
{
    Console.WriteLine("| run | read + parse s | read + parse + sha256 s |");
    Console.WriteLine("|---:|---:|---:|");
    for (int run = 1; run <= 3; run++)
    {
        var watch = Stopwatch.StartNew();
        _ = OnnxModelReader.Read(hashed);
        double plain = watch.Elapsed.TotalSeconds;
        watch.Restart();
        _ = OnnxModelReader.ReadWithSha256(hashed);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {run} | {plain:F3} | {watch.Elapsed.TotalSeconds:F3} |"));
    }

    return;
}

var config = new Dictionary<string, string>(StringComparer.Ordinal);
string? save = null;
bool levels = false;
bool skipAll = false;
var sizeList = new List<int>();
for (int a = 0; a < args.Length; a++)
{
    if (args[a] == "--ort-config" && a + 1 < args.Length && args[a + 1].Split('=', 2) is [string key, string value])
    {
        config[key] = value;
        a++;
    }
    else if (args[a] == "--no-all")
    {
        skipAll = true;
    }
    else if (args[a] == "--levels")
    {
        levels = true;
    }
    else if (args[a] == "--save" && a + 1 < args.Length)
    {
        save = Directory.CreateDirectory(args[++a]).FullName;
    }
    else
    {
        sizeList.Add(int.Parse(args[a], CultureInfo.InvariantCulture));
    }
}

int[] sizes = sizeList.Count > 0 ? [.. sizeList] : [1000, 2000, 4000, 8000];
GraphOptimizationLevel[] between = levels ? [GraphOptimizationLevel.Basic, GraphOptimizationLevel.Extended] : [];
Console.WriteLine("| chain nodes | shape probe s | batch coupling s | objective graph s (nodes) | serialise s | session, optimisation all s |"
    + string.Concat(between.Select(level => $" session, optimisation {level.ToString().ToLowerInvariant()} s |")) + " session, optimisation disabled s |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|" + string.Concat(between.Select(_ => "---:|")) + "---:|");
foreach (int n in sizes)
{
    var model = ChainModels.Create(n);
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
    var graph = ObjectiveGraphBuilder.Build(model, shapes, new ObjectiveSpec { Latents = [ChainModels.Latent], ImageOutput = ChainModels.Image, OutputRange = OnnxInvert.Imaging.PixelRange.MinusOneToOne });
    double build = Lap();
    byte[] bytes = OnnxModelWriter.ToBytes(graph.Model);
    if (save is not null)
    {
        File.WriteAllBytes(Path.Combine(save, $"chain{n}-objective.onnx"), bytes);
    }

    double serialise = Lap();
    if (!skipAll)
    {
        using (OrtSession.FromBytes(bytes, new SessionSettings { ConfigEntries = config, OptimizedModelPath = save is null ? null : Path.Combine(save, $"chain{n}-ort.onnx") }))
        {
        }
    }

    double optimised = skipAll ? double.NaN : Lap();
    var middle = new List<double>();
    foreach (var level in between)
    {
        using (OrtSession.FromBytes(bytes, new SessionSettings { GraphOptimization = level, ConfigEntries = config }))
        {
        }

        middle.Add(Lap());
    }

    using (OrtSession.FromBytes(bytes, new SessionSettings { GraphOptimization = GraphOptimizationLevel.Disabled, ConfigEntries = config }))
    {
    }

    double disabled = Lap();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {n:N0} | {probe:F2} | {coupling:F2} | {build:F2} ({graph.Model.Graph.Node.Count:N0}) | {serialise:F2} | {optimised:F2} |{string.Concat(middle.Select(m => $" {m:F2} |"))} {disabled:F2} |"));
}
