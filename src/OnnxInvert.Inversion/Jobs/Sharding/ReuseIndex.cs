namespace OnnxInvert.Inversion.Jobs.Sharding;

/// <summary>
/// The items an earlier run finished, looked up by item id across all of its folders: every shard folder of an output
/// folder, whatever its shard count and whether or not it completed (its state.json lists exactly the finished
/// items), and the output folder itself when it is an unsharded run. Only folders made with the given fingerprint
/// count; the others are reported and skipped. So a rerun with another shard count (or after the input grew) takes
/// finished items from there instead of inverting them again. Latents are read one folder at a time, when asked for.
/// </summary>
public sealed class ReuseIndex
{
    private readonly Dictionary<string, (int Folder, int Row)> _items = new(StringComparer.Ordinal);
    private readonly List<(string Path, string Name, int Images)> _folders = [];
    private int _loaded = -1;
    private ShardLatents? _latents;
    private Dictionary<int, System.Text.Json.Nodes.JsonObject>? _results;

    private ReuseIndex()
    {
    }

    /// <summary>How many finished items were found.</summary>
    public int Count => _items.Count;

    /// <summary>The folders the items come from.</summary>
    public IReadOnlyList<string> Folders => [.. _folders.Select(f => f.Path)];

    /// <summary>Indexes the finished items of <paramref name="outFolder"/> made with <paramref name="fingerprint"/>.</summary>
    /// <param name="outFolder">An earlier run's output folder.</param>
    /// <param name="fingerprint">The fingerprint the items must have been made with.</param>
    /// <param name="notice">Told about each folder skipped for another fingerprint.</param>
    /// <exception cref="DirectoryNotFoundException"><paramref name="outFolder"/> does not exist.</exception>
    /// <exception cref="ShardFolderException">A folder's state.json is unreadable.</exception>
    public static ReuseIndex Open(string outFolder, string fingerprint, Action<string>? notice = null)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        var index = new ReuseIndex();
        var candidates = ShardFolder.Find(outFolder).Select(s => (s.Path, s.Spec.FolderName)).ToList();
        if (File.Exists(Path.Combine(outFolder, ShardFolder.StateFile)))
        {
            candidates.Insert(0, (outFolder, Path.GetFileName(Path.TrimEndingDirectorySeparator(outFolder))));
        }

        foreach (var (path, name) in candidates)
        {
            if (!File.Exists(Path.Combine(path, ShardFolder.StateFile)))
            {
                continue;
            }

            var state = ShardState.Read(path, name);
            if (state.Fingerprint != fingerprint)
            {
                notice?.Invoke($"{path}: made with another model or other settings; not reused");
                continue;
            }

            index._folders.Add((path, name, state.Images));
            foreach (var row in state.Results)
            {
                index._items.TryAdd(ShardState.Id(row), (index._folders.Count - 1, ShardState.Row(row)));
            }
        }

        return index;
    }

    /// <summary>Whether the item <paramref name="id"/> was finished.</summary>
    public bool Contains(string id) => _items.ContainsKey(id);

    /// <summary>The finished item <paramref name="id"/>, or null when no folder finished it.</summary>
    /// <exception cref="ShardFolderException">Its folder's latents.npy is missing or does not fit its state.json.</exception>
    public ReusedItem? Find(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!_items.TryGetValue(id, out var place))
        {
            return null;
        }

        Load(place.Folder);
        return new ReusedItem
        {
            Id = id,
            Folder = _folders[place.Folder].Path,
            Row = place.Row,
            Latent = _latents!.Row(place.Row).ToArray(),
            Result = _results![place.Row].DeepClone().AsObject(),
        };
    }

    private void Load(int folder)
    {
        if (_loaded == folder)
        {
            return;
        }

        var (path, name, images) = _folders[folder];
        _latents = ShardLatents.Read(path, name, images);
        _results = ShardState.Read(path, name).Results.ToDictionary(ShardState.Row);
        _loaded = folder;
    }
}
