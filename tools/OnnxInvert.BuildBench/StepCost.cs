using System.Diagnostics;
using System.Globalization;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Runtime;

namespace OnnxInvert.BuildBench;

/// <summary>
/// Times one inversion step of a generator (a model file, or <c>chainN</c> for a generated chain of N nodes) with the
/// objective session at ONNX Runtime's level All, at <see cref="LongGraphSettings.Level"/>, and with the settings
/// <see cref="SessionSettings.ForGraph"/> picks (the default of <c>invert</c>): session creation, and the median of
/// the per-iteration times after a warm-up.
/// </summary>
internal static class StepCost
{
    private const int Steps = 30;
    private const int WarmUp = 5;

    public static void Run(IReadOnlyList<string> items, int batch, int threads)
    {
        Console.WriteLine($"| generator | objective session | notice | session s | ms per step (batch {batch}, {threads} threads) |");
        Console.WriteLine("|---|---|---|---:|---:|");
        foreach (string item in items)
        {
            string path = item;
            if (!File.Exists(item) && item.StartsWith("chain", StringComparison.Ordinal))
            {
                path = Path.Combine(Path.GetTempPath(), $"buildbench-{Environment.ProcessId}-{item}.onnx");
                File.WriteAllBytes(path, OnnxModelWriter.ToBytes(ChainModel.Create(int.Parse(item[5..], CultureInfo.InvariantCulture))));
            }

            foreach (GraphOptimizationLevel? level in new GraphOptimizationLevel?[] { GraphOptimizationLevel.All, LongGraphSettings.Level, null })
            {
                var notices = new List<string>();
                var session = new SessionSettings { IntraOpThreads = threads, Notice = notices.Add };
                if (level is { } chosen)
                {
                    session = session with { GraphOptimization = chosen };
                }

                var (seconds, perStep) = Measure(path, session, batch);
                string notice = notices.Any(n => n.Contains("graph optimisations are turned off", StringComparison.Ordinal)) ? $"level lowered to {LongGraphSettings.Level}" : "none";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {item} | {(level is null ? "default (SessionSettings.ForGraph)" : $"{level}, explicit")} | {notice} | {seconds:F2} | {perStep * 1000:F3} |"));
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
