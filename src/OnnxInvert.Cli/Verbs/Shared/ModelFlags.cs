using System.Globalization;
using CommandLine;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Models.Adaptation;

namespace OnnxInvert.Cli.Verbs.Shared;

/// <summary>
/// The flags that say how to read a generator export (which tensors are latents and image, condition values, layout,
/// shapes), shared by every verb that opens a generator; <see cref="Apply"/> maps them onto <see cref="GeneratorOptions"/>
/// and <see cref="Conditions"/> onto the engine's condition values. <see cref="FlagSettings"/> records them in a run's
/// settings like the inversion flags.
/// </summary>
internal abstract class ModelFlags : CommonOptions
{
    [Option("latent", Separator = ',', HelpText = "The latent(s): graph inputs or intermediate float tensors (the graph is cut there; e.g. StyleGAN's w). Repeatable and comma-separated: --latent w_plus,noise0. Default: the model card's, else the detected input.")]
    public IEnumerable<string> Latent { get; set; } = [];

    [Option("output", HelpText = "The image tensor: a graph output or any float tensor of the graph (the graph is cut there, dropping e.g. a uint8 post-processing tail). Default: the model card's, else the detected output.")]
    public string? Output { get; set; }

    [Option("input", HelpText = "A condition input held fixed, NAME=VALUE (a number for every image, e.g. label=3) or NAME=FILE.npy (one row for every image, or row i for image i). Repeatable.")]
    public IEnumerable<string> Input { get; set; } = [];

    [Option("layout", HelpText = "The image tensor's layout: nchw, nhwc, chw, hwc or flat (default: detected from its shape).")]
    public string? Layout { get; set; }

    [Option("image-shape", HelpText = "The image shape C,H,W: required for a flat image output [N, C·H·W], otherwise a check.")]
    public string? ImageShape { get; set; }

    [Option("latent-shape", HelpText = "NAME=D1,D2,... : the per-sample shape of a latent with symbolic dimensions (e.g. latent=4,32,32); default: probed from the targets' size. Repeatable.")]
    public IEnumerable<string> LatentShape { get; set; } = [];

    /// <inheritdoc />
    public override IEnumerable<string> Validate()
    {
        foreach (string problem in base.Validate())
        {
            yield return problem;
        }

        if (Layout is not null && !Enum.TryParse<ImageLayout>(Layout, ignoreCase: true, out _))
        {
            yield return $"--layout takes nchw, nhwc, chw, hwc or flat; got '{Layout}'";
        }

        if (ImageShape is not null && ParseDims(ImageShape) is not { Length: 3 })
        {
            yield return $"--image-shape takes C,H,W (three positive whole numbers, e.g. 3,64,64); got '{ImageShape}'";
        }

        foreach (string entry in LatentShape.Where(e => Split(e) is not { } p || ParseDims(p.Value) is null))
        {
            yield return $"--latent-shape takes NAME=D1,D2,... with positive whole numbers (e.g. latent=4,32,32); got '{entry}'";
        }

        foreach (string entry in Input.Where(e => Split(e) is null))
        {
            yield return $"--input takes NAME=VALUE or NAME=FILE.npy (e.g. label=3); got '{entry}'";
        }

        foreach (var twice in Latent.GroupBy(l => l, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            yield return $"--latent names '{twice.Key}' twice";
        }
    }

    /// <summary>The latents named with --latent, in order (empty: the card's or the detected one).</summary>
    public IReadOnlyList<string> Latents => [.. Latent.Select(l => l.Trim()).Where(l => l.Length > 0)];

    /// <summary><paramref name="options"/> with what these flags say about the model; call after <see cref="Validate"/>.</summary>
    /// <param name="options">The options the verb built (prior, range, session, notices).</param>
    /// <param name="targetSize">The targets' height and width when known (probes symbolic latent dimensions).</param>
    public GeneratorOptions Apply(GeneratorOptions options, (long Height, long Width)? targetSize = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var shapes = LatentShape.Select(Split).OfType<(string Name, string Value)>()
            .ToDictionary(p => p.Name, p => ParseDims(p.Value) ?? throw new UsageException($"--latent-shape: bad dimensions in '{p.Name}={p.Value}'"), StringComparer.Ordinal);
        return options with
        {
            Latents = Latents.Count == 0 ? null : Latents,
            ImageOutput = Output,
            Layout = Layout is null ? null : Enum.Parse<ImageLayout>(Layout, ignoreCase: true),
            ImageShape = ImageShape is null ? null : ParseDims(ImageShape),
            InputShapes = shapes.Count == 0 ? null : shapes,
            TargetSize = targetSize,
        };
    }

    /// <summary>The condition values of --input, by input name; a .npy file is read now.</summary>
    /// <exception cref="UsageException">A value is no number, or the file cannot be read.</exception>
    public IReadOnlyDictionary<string, ConditionValue> Conditions()
    {
        var values = new Dictionary<string, ConditionValue>(StringComparer.Ordinal);
        foreach (var (name, value) in Input.Select(Split).OfType<(string Name, string Value)>())
        {
            if (values.ContainsKey(name))
            {
                throw new UsageException($"--input gives '{name}' twice");
            }

            values[name] = value.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) ? Rows(name, value)
                : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) ? ConditionValue.Scalar(number)
                : throw new UsageException($"--input {name}={value}: the value must be a number or an .npy file");
        }

        return values;
    }

    /// <summary>"NAME=VALUE" as its two parts, or null when there is no name or no '='.</summary>
    internal static (string Name, string Value)? Split(string entry)
    {
        int equals = entry.IndexOf('=', StringComparison.Ordinal);
        return equals <= 0 || equals == entry.Length - 1 ? null : (entry[..equals].Trim(), entry[(equals + 1)..].Trim());
    }

    private static long[]? ParseDims(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var dims = new long[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out dims[i]) || dims[i] < 1)
            {
                return null;
            }
        }

        return dims;
    }

    private static ConditionValue Rows(string name, string file)
    {
        NpyArray array;
        try
        {
            array = NpyFile.Read(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or NpyFormatException or InvalidDataException)
        {
            throw new UsageException($"--input {name}={file}: {ex.Message}");
        }

        if (array.Rank == 0 || array.Shape[0] == 0)
        {
            throw new UsageException($"--input {name}={file}: the array is {array}; it needs one row per image (or one row for all)");
        }

        double[] values = array.DataType switch
        {
            NpyDataType.Int64 => [.. array.GetData<long>().ToArray().Select(v => (double)v)],
            NpyDataType.Int32 => [.. array.GetData<int>().ToArray().Select(v => (double)v)],
            NpyDataType.Float64 => array.GetData<double>().ToArray(),
            _ => [.. array.ToSingleArray().Select(v => (double)v)],
        };
        return ConditionValue.FromRows(values, array.Shape[0]);
    }
}
