using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Engine.Checkpoints;
using OnnxInvert.Inversion.Optimizers;

namespace OnnxInvert.Inversion.Jobs;

/// <summary>
/// checkpoint.json of a run folder: the images in flight when a job was stopped (<see cref="InFlightCheckpoint"/>),
/// with the folder's fingerprint, written atomically. Float tensors are base64 of little-endian float32 values, so
/// they come back bit for bit; the format is in docs/shard-format.md.
/// </summary>
internal static class CheckpointDocument
{
    /// <summary>The value of "format", telling the file from other JSON.</summary>
    public const string Format = "onnxinvert-checkpoint";

    /// <summary>The format version this build writes and reads.</summary>
    public const int Version = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Writes <paramref name="checkpoint"/> to <paramref name="path"/> (atomically).</summary>
    public static void Write(string path, string fingerprint, int batchSize, InFlightCheckpoint checkpoint)
    {
        var file = new FileModel
        {
            Format = Format,
            Version = Version,
            Fingerprint = fingerprint,
            BatchSize = batchSize,
            Slots = [.. checkpoint.Slots.Select(s => new SlotModel
            {
                Index = s.Index,
                Restart = s.Restart,
                Steps = s.Steps,
                Stale = s.Stale,
                Best = s.Best,
                Reinitialized = s.Reinitialized,
                Frozen = s.Frozen,
                Converged = s.Converged,
                ReachedTarget = s.ReachedTarget,
                Draws = s.Draws,
                Latents = [.. s.Latents.Select(Encode)],
                Optimizers = [.. s.Optimizers.Select(o => new OptimizerModel { Kind = o.Kind, StepCount = o.StepCount, Buffers = [.. o.Buffers.Select(Encode)] })],
            })],
            Images = [.. checkpoint.Images.Select(i => new ImageModel
            {
                Index = i.Index,
                Finished = i.Finished,
                Planned = i.Planned,
                Reinitializations = i.Reinitializations,
                Steps = i.Steps,
                Best = i.Best is { } b ? new OutcomeModel
                {
                    Restart = b.Restart,
                    Latents = [.. b.Latents.Select(Encode)],
                    Image = Encode(b.Image),
                    Loss = b.Loss,
                    Penalty = b.Penalty,
                    Steps = b.Steps,
                    Converged = b.Converged,
                    ReachedTarget = b.ReachedTarget,
                } : null,
            })],
            Retries = [.. checkpoint.Retries.Select(r => new RetryModel { Index = r.Index, Restart = r.Restart })],
            Pending = [.. checkpoint.Pending.Select(r => new RetryModel { Index = r.Index, Restart = r.Restart })],
        };
        AtomicFile.WriteText(path, JsonSerializer.Serialize(file, Json));
    }

    /// <summary>Reads the checkpoint at <paramref name="path"/>, which must carry <paramref name="fingerprint"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="fingerprint">The fingerprint of the job resuming.</param>
    /// <param name="folder">The run folder (named by the exception).</param>
    /// <param name="batchSize">The batch size the checkpoint was taken at.</param>
    /// <exception cref="RunFolderException">The file is not a checkpoint of this version, is damaged, or belongs to another run (<see cref="RunFolderProblem.Unreadable"/>).</exception>
    public static InFlightCheckpoint Read(string path, string fingerprint, string folder, out int batchSize)
    {
        FileModel file;
        try
        {
            file = JsonSerializer.Deserialize<FileModel>(File.ReadAllText(path), Json) ?? throw new JsonException("the file holds null");
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or IOException or UnauthorizedAccessException)
        {
            throw Damaged(path, folder, ex.Message, ex);
        }

        if (file.Format != Format)
        {
            throw Damaged(path, folder, $"\"format\" is {Quote(file.Format)}, not \"{Format}\"");
        }

        if (file.Version != Version)
        {
            throw Damaged(path, folder, string.Create(CultureInfo.InvariantCulture, $"version {file.Version}; this build reads version {Version}"));
        }

        if (file.Fingerprint != fingerprint)
        {
            throw new RunFolderException(folder, RunFolderProblem.Unreadable, $"{path} was made by a run with other settings or images than {RunFolder.StateFile} and this command; remove it to start the images it holds from step 0");
        }

        batchSize = file.BatchSize;
        try
        {
            return new InFlightCheckpoint(
                [.. Required(file.Slots, "slots").Select(s => new SlotCheckpoint(
                    s.Index, s.Restart, s.Steps, s.Stale, s.Best, s.Reinitialized, s.Frozen, s.Converged, s.ReachedTarget, s.Draws,
                    [.. Required(s.Latents, "latents").Select(Decode)],
                    [.. Required(s.Optimizers, "optimizers").Select(o => new OptimizerSlotState(o.Kind, o.StepCount, [.. Required(o.Buffers, "buffers").Select(Decode)]))]))],
                [.. Required(file.Images, "images").Select(i => new ImageCheckpoint(
                    i.Index, i.Finished, i.Planned, i.Reinitializations, i.Steps,
                    i.Best is { } b ? new JobOutcome(b.Restart, [.. Required(b.Latents, "latents").Select(Decode)], Decode(b.Image), b.Loss, b.Penalty, b.Steps, b.Converged, b.ReachedTarget) : null))],
                [.. Required(file.Retries, "retries").Select(r => (r.Index, r.Restart))],
                [.. Required(file.Pending, "pending").Select(r => (r.Index, r.Restart))]);
        }
        catch (FormatException ex)
        {
            throw Damaged(path, folder, ex.Message, ex);
        }
    }

    private static RunFolderException Damaged(string path, string folder, string why, Exception? inner = null) =>
        new(folder, RunFolderProblem.Unreadable, $"{path}: not a readable checkpoint ({why}); remove it to start the images it holds from step 0", inner);

    private static string Quote(string? value) => value is null ? "missing" : $"\"{value}\"";

    private static T[] Required<T>(T[]? values, string name) => values ?? throw new FormatException($"\"{name}\" is missing");

    private static string Encode(float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        return Convert.ToBase64String(bytes);
    }

    private static float[] Decode(string? text)
    {
        byte[] bytes = Convert.FromBase64String(text ?? throw new FormatException("a tensor is missing"));
        if (bytes.Length % sizeof(float) != 0)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"a tensor of {bytes.Length} bytes is not float32 values"));
        }

        var values = new float[bytes.Length / sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
        }

        return values;
    }

    private sealed class FileModel
    {
        public string? Format { get; init; }

        public int Version { get; init; }

        public string? Fingerprint { get; init; }

        public int BatchSize { get; init; }

        public SlotModel[]? Slots { get; init; }

        public ImageModel[]? Images { get; init; }

        public RetryModel[]? Retries { get; init; }

        public RetryModel[]? Pending { get; init; }
    }

    private sealed class SlotModel
    {
        public int Index { get; init; }

        public int Restart { get; init; }

        public int Steps { get; init; }

        public int Stale { get; init; }

        public double Best { get; init; }

        public int Reinitialized { get; init; }

        public bool Frozen { get; init; }

        public bool Converged { get; init; }

        public bool ReachedTarget { get; init; }

        public long Draws { get; init; }

        public string[]? Latents { get; init; }

        public OptimizerModel[]? Optimizers { get; init; }
    }

    private sealed class OptimizerModel
    {
        public OptimizerKind Kind { get; init; }

        public int StepCount { get; init; }

        public string[]? Buffers { get; init; }
    }

    private sealed class ImageModel
    {
        public int Index { get; init; }

        public int Finished { get; init; }

        public int Planned { get; init; }

        public int Reinitializations { get; init; }

        public int Steps { get; init; }

        public OutcomeModel? Best { get; init; }
    }

    private sealed class OutcomeModel
    {
        public int Restart { get; init; }

        public string[]? Latents { get; init; }

        public string? Image { get; init; }

        public float Loss { get; init; }

        public float Penalty { get; init; }

        public int Steps { get; init; }

        public bool Converged { get; init; }

        public bool ReachedTarget { get; init; }
    }

    private sealed class RetryModel
    {
        public int Index { get; init; }

        public int Restart { get; init; }
    }
}
