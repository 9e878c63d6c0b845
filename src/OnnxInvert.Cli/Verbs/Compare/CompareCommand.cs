using System.Globalization;
using System.Text.Json.Nodes;
using OnnxInvert.Cli.Verbs.Shared;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Jobs;

namespace OnnxInvert.Cli.Verbs.Compare;

/// <summary>
/// <c>onnxinvert compare</c>: inverts the same images with the same settings on each model and prints the journal
/// paper's Table I (mean MSE, MAE, PSNR with confidence intervals); with --out also compare.csv, compare.json and an
/// inversion folder per model. Exit code 1 when any model failed (its row says why; the others still run).
/// </summary>
internal static class CompareCommand
{
    /// <summary>The table as CSV, in --out.</summary>
    public const string CsvFile = "compare.csv";

    /// <summary>The table and the settings as JSON, in --out.</summary>
    public const string JsonFile = "compare.json";

    /// <summary>The folder of --out holding one inversion folder per model.</summary>
    public const string ModelsFolder = "models";

    public static int Run(CompareOptions options, TextWriter output, TextWriter errors, CancellationToken cancellationToken = default)
    {
        string[] models = [.. options.Models];
        var (prior, priorNone) = PriorFlag.Parse(options.Prior, allowNone: true);
        var session = options.Settings(errors.WriteLine);
        string? initFile = InvertSettings.InitFile(options.Init);
        if (options.Out is { } outPath)
        {
            try
            {
                RunFolder.CheckPath(outPath, [.. new[] { options.Images, options.Mask, initFile }.OfType<string>(), .. models]);
            }
            catch (RunFolderException ex)
            {
                throw RunFolderErrors.ForCli(ex);
            }
        }

        if (!Directory.Exists(options.Images) && !File.Exists(options.Images))
        {
            throw new FileNotFoundException($"{options.Images}: no such file or folder");
        }

        if (!options.Resume && options.Out is { } outDir && (File.Exists(Path.Combine(outDir, JsonFile)) || Directory.Exists(Path.Combine(outDir, ModelsFolder))))
        {
            throw new UsageException($"{outDir} already holds a comparison; pass --resume to continue it, or choose another --out");
        }

        options.LoadRuntime();
        var comparison = new ModelComparison(options, session, prior, priorNone, errors);
        var rows = new List<ComparisonRow>(models.Length);
        for (int k = 0; k < models.Length; k++)
        {
            string? relative = options.Out is null ? null : Path.Combine(ModelsFolder, FolderName(k + 1, models[k]));
            var row = comparison.Run(models[k], k + 1, models.Length, relative is null ? null : Path.Combine(options.Out!, relative), cancellationToken);
            rows.Add(row.Failed ? row : row with { Folder = relative });
            if (options.Out is not null)
            {
                Write(options.Out, rows, options);
            }
        }

        output.Write(ComparisonTable.Text(rows));
        if (options.Out is not null)
        {
            output.WriteLine($"wrote {Path.Combine(options.Out, CsvFile)}, {Path.Combine(options.Out, JsonFile)} and {Path.Combine(options.Out, ModelsFolder)}/");
        }

        int failed = rows.Count(r => r.Failed);
        if (failed > 0)
        {
            errors.WriteLine(string.Create(CultureInfo.InvariantCulture, $"compare: {failed} of {rows.Count} models failed"));
        }

        return failed > 0 ? ExitCodes.Failure : ExitCodes.Ok;
    }

    /// <summary>Writes the table so far (after every model, so an interrupted comparison keeps the models it finished).</summary>
    private static void Write(string outDir, IReadOnlyList<ComparisonRow> rows, CompareOptions options)
    {
        Directory.CreateDirectory(outDir);
        AtomicFile.WriteText(Path.Combine(outDir, CsvFile), ComparisonTable.Csv(rows));
        AtomicFile.WriteText(Path.Combine(outDir, JsonFile), ComparisonTable.Json(rows, Settings(options)));
    }

    /// <summary>The folder of model <paramref name="position"/>: its position and its folder's name (or its file name when it has no folder).</summary>
    private static string FolderName(int position, string model)
    {
        string full = Path.GetFullPath(model);
        string name = Path.GetFileName(Path.GetDirectoryName(full)) is { Length: > 0 } parent ? parent : Path.GetFileNameWithoutExtension(full);
        char[] invalid = Path.GetInvalidFileNameChars();
        string safe = new([.. name.Select(c => invalid.Contains(c) || char.IsWhiteSpace(c) ? '_' : c)]);
        return string.Create(CultureInfo.InvariantCulture, $"{position}-{safe}");
    }

    /// <summary>The settings every model was inverted with, as given (the prior is each model's card's unless --prior was given): the job settings of the flags, with the images and the confidence level.</summary>
    private static JsonObject Settings(CompareOptions o)
    {
        var settings = new JsonObject { ["images"] = o.Images };
        foreach (var entry in FlagSettings.Of(o).Entries)
        {
            settings[entry.Name] = entry.Value switch
            {
                null => null,
                string text => JsonValue.Create(text),
                bool flag => JsonValue.Create(flag),
                int number => JsonValue.Create(number),
                double number => JsonValue.Create(number),
                var other => JsonValue.Create(Convert.ToDouble(other, CultureInfo.InvariantCulture)),
            };
        }

        settings["confidence"] = o.Confidence;
        return settings;
    }
}
