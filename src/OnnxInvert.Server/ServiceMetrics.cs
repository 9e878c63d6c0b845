using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using OnnxInvert.Server.Jobs;

namespace OnnxInvert.Server;

/// <summary>
/// The service's Prometheus metrics: queue depth and busy/free slots per model (gauges, read from the schedulers),
/// image-steps and jobs by outcome (counters), and queue and run time per job (histograms).
/// </summary>
internal sealed class ServiceMetrics
{
    private static readonly double[] Buckets = [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800];

    private readonly ConcurrentDictionary<string, long> _imageSteps = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Model, string Outcome), long> _jobs = new();
    private readonly ConcurrentDictionary<(string Model, string Slot), int> _slots = new();
    private readonly ConcurrentDictionary<(string Model, string Kind), Histogram> _times = new();

    public void AddImageSteps(string model, long steps) => _imageSteps.AddOrUpdate(model, steps, (_, v) => v + steps);

    public void SetSlots(string model, int busy, int total)
    {
        _slots[(model, "busy")] = busy;
        _slots[(model, "free")] = total - busy;
    }

    public void JobEnded(string model, ServiceJob job)
    {
        _jobs.AddOrUpdate((model, JobJson.StatusName(job.Status)), 1, (_, v) => v + 1);
        var finished = job.Finished ?? DateTimeOffset.UtcNow;
        var started = job.Started ?? finished;
        _times.GetOrAdd((model, "queue"), _ => new Histogram()).Observe((started - job.Created).TotalSeconds);
        if (job.Started is not null)
        {
            _times.GetOrAdd((model, "run"), _ => new Histogram()).Observe((finished - started).TotalSeconds);
        }
    }

    /// <summary>The metrics in the Prometheus text exposition format.</summary>
    public string Render(IEnumerable<Scheduling.ModelScheduler> schedulers)
    {
        var text = new StringBuilder();
        var models = schedulers.ToArray();
        Gauge(text, "onnxinvert_queue_images", "Images waiting for a batch slot.", models.Select(m => (m.Name, (double)m.QueuedImages)));
        Gauge(text, "onnxinvert_slots_busy", "Batch slots running an image.", models.Select(m => (m.Name, (double)m.BusySlots)));
        Gauge(text, "onnxinvert_slots_free", "Batch slots free.", models.Select(m => (m.Name, (double)(m.MaxBatch - m.BusySlots))));
        Gauge(text, "onnxinvert_image_steps_per_second", "Image-steps per second, smoothed over recent steps.", models.Select(m => (m.Name, m.ImageStepsPerSecond)));
        text.Append("# HELP onnxinvert_image_steps_total Optimisation steps of single images.\n# TYPE onnxinvert_image_steps_total counter\n");
        foreach (var m in models)
        {
            text.Append(CultureInfo.InvariantCulture, $"onnxinvert_image_steps_total{{model=\"{m.Name}\"}} {_imageSteps.GetValueOrDefault(m.Name)}\n");
        }

        text.Append("# HELP onnxinvert_jobs_total Jobs ended, by outcome.\n# TYPE onnxinvert_jobs_total counter\n");
        foreach (var ((model, outcome), count) in _jobs.OrderBy(j => j.Key))
        {
            text.Append(CultureInfo.InvariantCulture, $"onnxinvert_jobs_total{{model=\"{model}\",outcome=\"{outcome}\"}} {count}\n");
        }

        foreach (string kind in new[] { "queue", "run" })
        {
            string name = $"onnxinvert_job_{kind}_seconds";
            text.Append(CultureInfo.InvariantCulture, $"# HELP {name} Seconds a job spent {(kind == "queue" ? "waiting before its first image started" : "from its first image starting to its end")}.\n# TYPE {name} histogram\n");
            foreach (var m in models)
            {
                _times.GetOrAdd((m.Name, kind), _ => new Histogram()).Render(text, name, m.Name);
            }
        }

        return text.ToString();
    }

    private static void Gauge(StringBuilder text, string name, string help, IEnumerable<(string Model, double Value)> values)
    {
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} gauge\n");
        foreach (var (model, value) in values)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}{{model=\"{model}\"}} {value:G6}\n");
        }
    }

    private sealed class Histogram
    {
        private readonly Lock _gate = new();
        private readonly long[] _counts = new long[Buckets.Length];
        private long _count;
        private double _sum;

        public void Observe(double value)
        {
            lock (_gate)
            {
                for (int i = 0; i < Buckets.Length; i++)
                {
                    if (value <= Buckets[i])
                    {
                        _counts[i]++;
                    }
                }

                _count++;
                _sum += value;
            }
        }

        public void Render(StringBuilder text, string name, string model)
        {
            lock (_gate)
            {
                for (int i = 0; i < Buckets.Length; i++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{model=\"{model}\",le=\"{Buckets[i]}\"}} {_counts[i]}\n");
                }

                text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{model=\"{model}\",le=\"+Inf\"}} {_count}\n{name}_sum{{model=\"{model}\"}} {_sum:G6}\n{name}_count{{model=\"{model}\"}} {_count}\n");
            }
        }
    }
}
