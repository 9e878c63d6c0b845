using System.Diagnostics;
using System.Globalization;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Runtime;
using OnnxInvert.TestSupport;

namespace OnnxInvert.BuildBench;

/// <summary>
/// Times one inversion step of a generator (a model file, or <c>chainN</c> for a generated chain of N nodes) with the
/// objective session at ONNX Runtime's level All (the default of <c>invert</c>) and with optimisation disabled:
/// session creation, and the median of the per-iteration times after a warm-up.
/// </summary>
internal static class StepCost
{
    private const int Steps = 30;
    private const int WarmUp = 5;

    public static void Run(IReadOnlyList<string> items, int batch, int threads)
    {
        Console.WriteLine($"| generator | objective session | session s | ms per step (batch {batch}, {threads} threads) |");
        Console.WriteLine("|---|---|---:|---:|");
        foreach (string item in items)
        {
            string path = item;
            if (!File.Exists(item) && item.StartsWith("chain", StringComparison.Ordinal))
            {
                path = Path.Combine(Path.GetTempPath(), $"buildbench-{Environment.ProcessId}-{item}.onnx");
                File.WriteAllBytes(path, OnnxModelWriter.ToBytes(ChainModels.Create(int.Parse(item[5..], CultureInfo.InvariantCulture))));
            }

            foreach (var level in new[] { GraphOptimizationLevel.All, GraphOptimizationLevel.Disabled })
            {
                var session = new SessionSettings { IntraOpThreads = threads, GraphOptimization = level };
                var (seconds, perStep) = Measure(path, session, batch);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {item} | {level} | {seconds:F2} | {perStep * 1000:F3} |"));
            }

            if (path != item)
            {
                File.Delete(path);
            }
        }
    }

    private static (double SessionSeconds, double StepSeconds) Measure(string path, SessionSettings session, int batch)
    {
        using var generator = Generator.Open(path, new GeneratorOptions { Session = session, Notice = session.Notice });
        var clock = Stopwatch.StartNew();
        using var inverter = Inverter.Create(generator, new InversionOptions { Steps = Steps, BatchSize = batch, Session = session });
        double created = clock.Elapsed.TotalSeconds;
        int length = (int)generator.ImageShape.Aggregate(1L, (a, b) => a * b);
        var random = new Random(1);
        float low = generator.OutputRange.Low, high = generator.OutputRange.High;
        var data = new float[batch * length];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = low + (float)random.NextDouble() * (high - low);
        }

        var times = new Times();
        foreach (var _ in inverter.Invert(new InversionTargets(data, batch), times))
        {
        }

        return (created, times.Median(WarmUp));
    }

    /// <summary>Records the time between consecutive progress reports (one per batch iteration), synchronously.</summary>
    private sealed class Times : IProgress<InversionProgress>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<double> _intervals = [];
        private double _last;

        public void Report(InversionProgress value)
        {
            double now = _clock.Elapsed.TotalSeconds;
            _intervals.Add(now - _last);
            _last = now;
        }

        public double Median(int skip)
        {
            double[] kept = [.. _intervals.Skip(skip).Order()];
            return kept.Length == 0 ? double.NaN : kept[kept.Length / 2];
        }
    }
}
