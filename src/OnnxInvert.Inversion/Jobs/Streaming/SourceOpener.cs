using System.Globalization;
using OnnxInvert.Imaging;

namespace OnnxInvert.Inversion.Jobs.Streaming;

/// <summary>Opens the <see cref="TargetSource"/> a path names (folder, manifest, .npy or one image), checking what can be checked up front.</summary>
internal static class SourceOpener
{
    public static TargetSource Open(string path, TargetFormat format, Action<string> notice)
    {
        var shape = format.ImageShape;
        if (path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) && File.Exists(path))
        {
            return NpyTargetSource.Open(path, format);
        }

        if (shape.Count != 3 || shape.Any(d => d < 1))
        {
            throw new InvalidOperationException($"the generator's image is [{string.Join(", ", shape)}] per sample; image targets need [C, H, W]");
        }

        var spec = new ImageTensorSpec((int)shape[0], (int)shape[1], (int)shape[2], PixelRange.ZeroToOne)
        {
            ResizeToFit = format.Resize,
            AllowedConversions = format.Resize ? ChannelConversion.All : ChannelConversion.None,
        };
        if (Directory.Exists(path))
        {
            return OpenFolder(path, spec, format.Range, notice);
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file or folder");
        }

        if (IsManifest(path))
        {
            var (files, conditions) = Manifest.Read(path);
            var reader = new ImageReader();
            var alpha = new DroppedAlphaNotice(spec);
            foreach (string file in files)
            {
                var image = reader.Read(file); // decoded once to check, then dropped: read again when inverted
                spec.Conform(image);
                alpha.Observe(image);
            }

            alpha.Report(notice);
            return new ImageFileTargetSource(path, files, spec, format.Range, conditions: conditions);
        }

        var single = new ImageReader().Read(path);
        spec.Conform(single);
        var dropped = new DroppedAlphaNotice(spec);
        dropped.Observe(single);
        dropped.Report(notice);
        return new ImageFileTargetSource(path, [path], spec, format.Range);
    }

    /// <summary>Whether <paramref name="path"/> is a manifest: a <c>.txt</c> (one image path a line) or <c>.csv</c> (a <c>path</c> column).</summary>
    private static bool IsManifest(string path) =>
        path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The images of a folder in name order, each decoded once to check it: one that cannot be read, or of another size
    /// or channel count, is noticed and skipped. When none fits, the first size error is thrown.
    /// </summary>
    private static ImageFileTargetSource OpenFolder(string path, ImageTensorSpec spec, PixelRange range, Action<string> notice)
    {
        var reader = new ImageReader();
        var fitting = new List<string>();
        var skipped = new List<string>();
        var positions = new List<int>();
        var alpha = new DroppedAlphaNotice(spec);
        int decoded = 0;
        int failed = 0;
        ImageFormatException? first = null;
        foreach (string file in ImageReader.ListImageFiles(path))
        {
            DecodedImage image;
            try
            {
                if (System.IO.Path.GetFileName(file).Contains('\uFFFD', StringComparison.Ordinal))
                {
                    throw new IOException("the file name is not valid UTF-8, so it cannot be opened by name; rename it");
                }

                image = reader.Read(file);
            }
            catch (Exception ex) when (ex is ImageFormatException or IOException or UnauthorizedAccessException)
            {
                failed++;
                notice($"skipping {file}: {ex.Message}");
                skipped.Add(file);
                positions.Add(fitting.Count);
                continue;
            }

            decoded++;
            try
            {
                spec.Conform(image);
                fitting.Add(image.Name);
                alpha.Observe(image);
            }
            catch (ImageFormatException ex) when (ex.Kind is ImageErrorKind.SizeMismatch or ImageErrorKind.ChannelMismatch)
            {
                first ??= ex;
                notice($"skipping {ex.FilePath}: {ex.Detail} (TargetFormat.Resize resizes and converts images)");
                skipped.Add(image.Name);
                positions.Add(fitting.Count);
            }
        }

        if (decoded == 0)
        {
            throw new FileNotFoundException(failed == 0
                ? $"{path}: no .png, .jpg or .jpeg files in the folder"
                : $"{path}: none of the {failed} image files could be read");
        }

        if (fitting.Count == 0)
        {
            throw first!;
        }

        alpha.Report(notice);
        return new ImageFileTargetSource(path, [.. fitting], spec, range, skipped, skippedPositions: positions);
    }

    /// <summary>A manifest's entries and, for a CSV with columns besides <c>path</c>, their condition rows.</summary>
    private static class Manifest
    {
        /// <summary>
        /// The image paths a manifest lists, in its order, relative ones taken from the manifest's folder: a <c>.txt</c>
        /// holds one path a line (empty lines and lines starting with <c>#</c> skipped); a <c>.csv</c> has a header with a
        /// <c>path</c> column and optionally columns named after condition inputs (a cell holds the input's values,
        /// separated by spaces), and no quoted fields.
        /// </summary>
        /// <exception cref="FormatException">The CSV has no <c>path</c> column, a repeated column, a line with another
        /// field count, or a cell that is not a number (the line and column are named).</exception>
        /// <exception cref="FileNotFoundException">A listed image does not exist (the line is named), or the manifest lists none.</exception>
        public static (string[] Files, ManifestConditions? Conditions) Read(string manifest)
        {
            string folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(manifest)) ?? ".";
            bool csv = manifest.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
            string[] header = [];
            int pathColumn = 0;
            var files = new List<string>();
            var rows = new List<double[][]>();
            var lines = new List<int>();
            int n = 0;
            foreach (string raw in File.ReadLines(manifest))
            {
                n++;
                string line = raw.Trim();
                if (csv && n == 1)
                {
                    header = [.. line.Split(',').Select(h => h.Trim())];
                    pathColumn = Array.IndexOf(header, "path");
                    if (pathColumn < 0)
                    {
                        throw new FormatException($"{manifest}: a CSV manifest needs a header line with a 'path' column");
                    }

                    if (header.Distinct(StringComparer.Ordinal).Count() != header.Length || header.Any(h => h.Length == 0))
                    {
                        throw new FormatException($"{manifest}:1: the header ({line}) has an empty or repeated column name");
                    }

                    continue;
                }

                if (line.Length == 0 || (!csv && line.StartsWith('#')))
                {
                    continue;
                }

                string entry = line;
                if (csv)
                {
                    if (line.Contains('"', StringComparison.Ordinal))
                    {
                        throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{manifest}:{n}: quoted CSV fields are not supported; list such paths in a .txt manifest"));
                    }

                    string[] fields = [.. line.Split(',').Select(f => f.Trim())];
                    if (fields.Length != header.Length)
                    {
                        throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{manifest}:{n}: {fields.Length} fields; the header has {header.Length} ({string.Join(", ", header)})"));
                    }

                    entry = fields[pathColumn];
                    rows.Add([.. Enumerable.Range(0, header.Length).Where(c => c != pathColumn).Select(c => ManifestConditions.ParseCell(manifest, n, header[c], fields[c]))]);
                    lines.Add(n);
                }

                string file = System.IO.Path.Combine(folder, entry);
                if (!File.Exists(file))
                {
                    throw new FileNotFoundException(string.Create(CultureInfo.InvariantCulture, $"{manifest}:{n}: {entry}: no such file"), file);
                }

                files.Add(file);
            }

            if (files.Count == 0)
            {
                throw new FileNotFoundException($"{manifest}: the manifest lists no images", manifest);
            }

            string[] columns = [.. header.Where((_, c) => c != pathColumn)];
            return ([.. files], columns.Length == 0 ? null : new ManifestConditions(manifest, columns, [.. rows], [.. lines]));
        }
    }
}
