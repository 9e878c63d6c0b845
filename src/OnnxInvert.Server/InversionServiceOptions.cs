using OnnxInvert.Runtime;

namespace OnnxInvert.Server;

/// <summary>
/// How the inversion service runs: the models, the batch and queue sizes, the state folder, the keys, and the request
/// limits. Every limit answers with a 4xx problem that names it.
/// </summary>
public sealed class InversionServiceOptions
{
    /// <summary>The generators served; at least one.</summary>
    public IList<ServedModel> Models { get; } = [];

    /// <summary>Batch slots per model (images optimised together); 32 by default.</summary>
    public int MaxBatch { get; set; } = 32;

    /// <summary>Queued images per model before a request is answered 429; 1024 by default.</summary>
    public int MaxQueue { get; set; } = 1024;

    /// <summary>Where accepted jobs and their results are kept so they survive a restart; null keeps them in memory only.</summary>
    public string? StateDirectory { get; set; }

    /// <summary>Bearer tokens accepted; empty means no authentication (then only bind to loopback).</summary>
    public ISet<string> ApiKeys { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>How long finished jobs (and their files) are kept; one hour by default.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long running batches may go on after shutdown begins; 30 s by default.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest request body in bytes; 32 MiB by default.</summary>
    public long MaxBodyBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>The most images one request may send; 64 by default.</summary>
    public int MaxImagesPerRequest { get; set; } = 64;

    /// <summary>The most pixels (width × height) a sent image may have before it is conformed; 4 Mi by default.</summary>
    public long MaxPixelsPerImage { get; set; } = 4L * 1024 * 1024;

    /// <summary>The most steps a request may ask for; 10,000 by default.</summary>
    public int MaxSteps { get; set; } = 10_000;

    /// <summary>The most restarts a request may ask for; 16 by default.</summary>
    public int MaxRestarts { get; set; } = 16;

    /// <summary>Turns request options into engine options (the CLI's validation); required.</summary>
    public IRequestOptionsParser? OptionsParser { get; set; }

    /// <summary>ONNX Runtime session settings for the generators and inverters.</summary>
    public SessionSettings Session { get; set; } = new();

    /// <summary>Receives notices (model loaded, jobs resumed, drain); null discards them.</summary>
    public Action<string>? Notice { get; set; }

    /// <summary>Checks the values; throws <see cref="ArgumentException"/> naming the first bad one.</summary>
    public void Validate()
    {
        if (Models.Count == 0)
        {
            throw new ArgumentException("the service needs at least one model");
        }

        foreach (var model in Models)
        {
            if (model.Name.Length == 0 || model.Name.Length > 64 || !model.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                throw new ArgumentException($"model name '{model.Name}': use 1-64 letters, digits, '.', '_' or '-'");
            }
        }

        if (Models.Select(m => m.Name).Distinct(StringComparer.Ordinal).Count() != Models.Count)
        {
            throw new ArgumentException("model names must be unique");
        }

        Positive(MaxBatch, "max batch");
        Positive(MaxQueue, "max queue");
        Positive(MaxImagesPerRequest, "max images per request");
        Positive(MaxSteps, "max steps");
        Positive(MaxRestarts, "max restarts");
        if (MaxBodyBytes < 1 || MaxPixelsPerImage < 1 || Retention <= TimeSpan.Zero || DrainTimeout < TimeSpan.Zero)
        {
            throw new ArgumentException("body size, pixel limit and retention must be positive; the drain timeout 0 or more");
        }

        if (OptionsParser is null)
        {
            throw new ArgumentException("the service needs an options parser (InversionServiceOptions.OptionsParser)");
        }
    }

    private static void Positive(int value, string name)
    {
        if (value < 1)
        {
            throw new ArgumentException($"{name} must be 1 or more; got {value}");
        }
    }
}
