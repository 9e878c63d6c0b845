namespace OnnxInvert.Onnx.IO;

/// <summary>
/// Resolves an external-data location against a model's folder and refuses anything that escapes it:
/// absolute paths, <c>..</c> segments, and symbolic links whose target lies outside the folder.
/// </summary>
internal static class ContainedPath
{
    private const int MaxLinkHops = 40;

    public static string Resolve(string modelDirectory, string location, string modelName, string tensorName)
    {
        string Reject(string why) => throw new OnnxModelException(
            $"{modelName}: tensor '{tensorName}' has external data location '{location}' which {why}; " +
            "external data must be a file inside the model's folder");

        if (location.Length == 0 || location.Contains('\0'))
        {
            Reject("is empty or contains a NUL character");
        }

        if (Path.IsPathRooted(location) || location.StartsWith('\\') || (location.Length > 1 && location[1] == ':'))
        {
            Reject("is an absolute path");
        }

        string[] segments = location.Split('/', '\\');
        if (segments.Any(s => s == ".."))
        {
            Reject("contains '..'");
        }

        string realDirectory = RealPath(Path.GetFullPath(modelDirectory), modelName);
        string candidate = Path.GetFullPath(Path.Combine(realDirectory, Path.Combine(segments)));
        string realCandidate = RealPath(candidate, modelName);
        string prefix = realDirectory.EndsWith(Path.DirectorySeparatorChar) ? realDirectory : realDirectory + Path.DirectorySeparatorChar;
        if (!realCandidate.StartsWith(prefix, StringComparison.Ordinal))
        {
            Reject($"resolves through a link to '{realCandidate}', outside the model's folder");
        }

        return realCandidate;
    }

    /// <summary>The path with every symbolic link along it resolved (like POSIX realpath, but tolerating a missing leaf).</summary>
    internal static string RealPath(string fullPath, string modelName) => RealPath(fullPath, modelName, 0);

    private static string RealPath(string fullPath, string modelName, int hops)
    {
        string root = Path.GetPathRoot(fullPath) ?? "/";
        string current = root;
        foreach (string part in fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            var info = new FileInfo(current);
            if (info.LinkTarget is { } target)
            {
                if (hops >= MaxLinkHops)
                {
                    throw new OnnxModelException($"{modelName}: too many levels of symbolic links resolving '{fullPath}'");
                }

                string parent = Path.GetDirectoryName(current) ?? root;
                current = RealPath(Path.GetFullPath(target, parent), modelName, hops + 1);
            }
        }

        return current;
    }
}
