using CommandLine;
using OnnxInvert.Cli.Verbs.Shared;

namespace OnnxInvert.Cli.Verbs.Serve;

[Verb("serve", HelpText = "Run the inversion service (HTTP): clients submit images and get latents; every model's batch slots are shared across requests. See docs/service.md.")]
internal sealed class ServeOptions : CommonOptions
{
    [Option('m', "model", Required = true, HelpText = "A generator to serve as NAME=PATH (repeatable); requests name it in /v1/models/NAME/inversions.")]
    public IEnumerable<string> Models { get; set; } = [];

    [Option("model-latent", HelpText = "The latents of a served model as NAME=LATENT[,LATENT...] (repeatable; as invert's --latent, e.g. --model-latent sg=w_plus,noise0). Default: the model card's or the detected latent.")]
    public IEnumerable<string> ModelLatents { get; set; } = [];

    [Option("urls", Default = "http://127.0.0.1:8080", HelpText = "Where to listen, e.g. http://127.0.0.1:8080 (several separated by ';'; port 0 picks a free one). Without --api-key-file only loopback addresses are allowed.")]
    public string Urls { get; set; } = null!;

    [Option("max-batch", Default = 32, HelpText = "Batch slots per model: images optimised together, taken across requests.")]
    public int MaxBatch { get; set; }

    [Option("max-queue", Default = 1024, HelpText = "Images queued per model before requests are answered 429 with Retry-After.")]
    public int MaxQueue { get; set; }

    [Option("state-dir", HelpText = "Folder for accepted jobs and results; with it jobs survive a restart (even kill -9) and continue.")]
    public string? StateDir { get; set; }

    [Option("api-key-file", HelpText = "A file of bearer tokens, one per line ('#' starts a comment); requests must send Authorization: Bearer TOKEN.")]
    public string? ApiKeyFile { get; set; }

    [Option("drain-timeout", Default = 30.0, HelpText = "Seconds running batches may go on after SIGTERM/Ctrl+C before they are stopped (the rest continue after a restart with the same --state-dir).")]
    public double DrainTimeout { get; set; }

    [Option("retention", Default = 3600.0, HelpText = "Seconds finished jobs and their files are kept.")]
    public double Retention { get; set; }

    [Option("max-images", Default = 64, HelpText = "Images one request may send.")]
    public int MaxImages { get; set; }

    [Option("max-steps", Default = 10000, HelpText = "Steps one request may ask for.")]
    public int MaxSteps { get; set; }

    [Option("max-restarts", Default = 16, HelpText = "Restarts one request may ask for.")]
    public int MaxRestarts { get; set; }

    [Option("max-body-mb", Default = 32.0, HelpText = "Largest request body in MiB.")]
    public double MaxBodyMb { get; set; }

    public override IEnumerable<string> Validate()
    {
        foreach (string problem in base.Validate())
        {
            yield return problem;
        }

        if (!Models.Any())
        {
            yield return "--model needs at least one NAME=PATH";
        }

        foreach (string model in Models.Where(m => m.IndexOf('=', StringComparison.Ordinal) <= 0))
        {
            yield return $"--model takes NAME=PATH, e.g. --model mnist=generator.onnx; got '{model}'";
        }

        foreach (string latent in ModelLatents)
        {
            int equals = latent.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == latent.Length - 1)
            {
                yield return $"--model-latent takes NAME=LATENT[,LATENT...], e.g. --model-latent sg=w_plus,noise0; got '{latent}'";
            }
            else if (!Models.Any(m => m.Split('=', 2)[0].Trim() == latent[..equals].Trim()))
            {
                yield return $"--model-latent {latent}: no --model named '{latent[..equals].Trim()}'";
            }
        }

        foreach (var (value, flag) in new[] { (MaxBatch, "--max-batch"), (MaxQueue, "--max-queue"), (MaxImages, "--max-images"), (MaxSteps, "--max-steps"), (MaxRestarts, "--max-restarts") })
        {
            if (value < 1)
            {
                yield return $"{flag} must be 1 or more; got {value}";
            }
        }

        if (!double.IsFinite(DrainTimeout) || DrainTimeout < 0)
        {
            yield return $"--drain-timeout must be 0 or more seconds; got {DrainTimeout}";
        }

        if (!double.IsFinite(Retention) || Retention <= 0)
        {
            yield return $"--retention must be a positive number of seconds; got {Retention}";
        }

        if (!double.IsFinite(MaxBodyMb) || MaxBodyMb <= 0 || MaxBodyMb > 4096)
        {
            yield return $"--max-body-mb must be more than 0 and at most 4096; got {MaxBodyMb}";
        }
    }
}
