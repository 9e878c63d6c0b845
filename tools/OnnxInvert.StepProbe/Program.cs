using System.Diagnostics;
using System.Globalization;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Runtime;
using Autodiff = OnnxInvert.Autodiff;

// Usage: OnnxInvert.StepProbe [--model GENERATOR.onnx] [--provider SPEC] [--batches 16 64 ...] [--warm 5] [--steps 50]
//                             [--threads 2] [--paths plain,resident]
// For each batch size and path (plain: host buffers bound whole every step; resident: DeviceResident = On, the IO
// binding with targets and image in the session's memory), inverts `batch` images made by the generator from random
// latents, skips `warm` steps, then times `steps` steady steps (no image finishes meanwhile) and prints milliseconds
// per step and the host/device bytes per step (InversionProgress.Transfers) as a markdown table. The ONNX Runtime
// library is the one ONNXINVERT_ORT_LIB names, else the build's.
try
{
    return Probe.Run(args);
}
catch (Exception ex) when (ex is OrtException or ArgumentException or FormatException or IOException or DllNotFoundException or Autodiff.GradientBuildException)
{
    Console.Error.WriteLine($"step probe: {ex.Message}");
    return 1;
}

/// <summary>The measurement, argument by argument as the usage above says.</summary>
internal static class Probe
{
    public static int Run(string[] args)
    {
        string model = "onnx-models/mnist-table1-uniform/generator.onnx";
        string provider = "cpu";
        var batches = new List<int>();
        int warm = 5;
        int steps = 50;
        int threads = 2;
        string[] paths = ["plain", "resident"];
        for (int a = 0; a < args.Length; a++)
        {
            string Next() => a + 1 < args.Length ? args[++a] : throw new ArgumentException($"{args[a]} needs a value");
            switch (args[a])
            {
                case "--model": model = Next(); break;
                case "--provider": provider = Next(); break;
                case "--warm": warm = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--steps": steps = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--paths": paths = Next().Split(','); break;
                case "--batches":
                    while (a + 1 < args.Length && !args[a + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        batches.Add(int.Parse(args[++a], CultureInfo.InvariantCulture));
                    }

                    break;
                default: throw new ArgumentException($"unknown argument '{args[a]}'");
            }
        }

        if (batches.Count == 0)
        {
            batches = [16, 64];
        }

        using var generator = Generator.Open(model);
        var session = new SessionSettings { Provider = ProviderSpec.Parse(provider), IntraOpThreads = threads, InterOpThreads = 1 };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Model `{model}`, provider {provider}, {threads} threads, {warm} warm-up steps then {steps} timed steps, ONNX Runtime {OrtLibrary.Version}."));
        Console.WriteLine();
        Console.WriteLine("| batch | path | ms/step | host->device bytes/step | device->host bytes/step |");
        Console.WriteLine("|---:|---|---:|---:|---:|");
        foreach (int batch in batches)
        {
            var random = new Random(batch);
            float[] latents = [.. Enumerable.Range(0, batch * generator.LatentSize).Select(_ => (float)((random.NextDouble() * 2) - 1))];
            var targets = new InversionTargets(generator.Generate(latents, batch).Images, batch);
            foreach (string path in paths)
            {
                var residency = path switch
                {
                    "plain" => DeviceResidency.Off,
                    "resident" => DeviceResidency.On,
                    _ => throw new ArgumentException($"unknown path '{path}' (plain or resident)"),
                };
                using var inverter = Inverter.Create(generator, new InversionOptions { Steps = warm + steps + 1, BatchSize = batch, DeviceResident = residency, Session = session });
                long started = 0;
                InversionProgress first = default;
                InversionProgress last = default;
                var progress = new Reports(p =>
                {
                    if (p.Iteration == warm)
                    {
                        first = p;
                        started = Stopwatch.GetTimestamp();
                    }
                    else if (p.Iteration == warm + steps)
                    {
                        last = p;
                        last = last with { Elapsed = Stopwatch.GetElapsedTime(started) };
                    }
                });
                _ = inverter.Invert(targets, progress).Count();
                double ms = last.Elapsed.TotalMilliseconds / steps;
                long up = (last.Transfers.HostToDeviceBytes - first.Transfers.HostToDeviceBytes) / steps;
                long down = (last.Transfers.DeviceToHostBytes - first.Transfers.DeviceToHostBytes) / steps;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {batch} | {path} | {ms:F3} | {up:N0} | {down:N0} |"));
            }
        }

        return 0;
    }
}

/// <summary>Progress reports delivered synchronously on the inverting thread.</summary>
internal sealed class Reports(Action<InversionProgress> report) : IProgress<InversionProgress>
{
    public void Report(InversionProgress value) => report(value);
}
