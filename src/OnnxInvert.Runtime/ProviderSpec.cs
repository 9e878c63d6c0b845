namespace OnnxInvert.Runtime;

/// <summary>
/// Which execution provider a session runs on, with its options: <c>NAME[:KEY=VALUE,...]</c>, or
/// <c>auto[:NAME,NAME,...]</c> for the first of a list that actually works.
/// </summary>
/// <remarks>
/// <para>Names: <c>cpu</c>; <c>cuda</c> and <c>tensorrt</c> (set through ONNX Runtime's V2 option structs: keys
/// such as <c>device_id</c>, <c>gpu_mem_limit</c>, <c>cudnn_conv_algo_search</c>, <c>trt_engine_cache_enable</c>,
/// <c>trt_engine_cache_path</c>, <c>trt_fp16_enable</c>); any other provider by the name ONNX Runtime's generic
/// <c>SessionOptionsAppendExecutionProvider</c> takes, e.g. <c>openvino</c>, <c>qnn</c>, <c>xnnpack</c>,
/// <c>coreml</c>, <c>webgpu</c>, <c>webnn</c>, <c>vitisai</c>, <c>azure</c>, <c>js</c>, or any full registered name
/// such as <c>OpenVINOExecutionProvider</c> (an unknown one is passed to ONNX Runtime as written). Short names are
/// case-insensitive and may carry the <c>ExecutionProvider</c> suffix; an unknown short name is a format error.
/// ONNX Runtime itself checks the option keys and values when the provider is added.</para>
/// <para><c>auto</c> tries its list in order (default <see cref="DefaultAutoOrder"/>) and takes the first provider
/// that is added and creates the session; the reasons the others were not taken go to
/// <see cref="SessionSettings.Notice"/>. Being listed by <see cref="OrtLibrary.AvailableProviders"/> is not enough:
/// the GPU build lists CUDA and TensorRT on machines without them.</para>
/// </remarks>
public sealed class ProviderSpec : IEquatable<ProviderSpec>
{
    /// <summary>What <c>auto</c> without a list tries: CUDA, then the CPU.</summary>
    public static readonly IReadOnlyList<string> DefaultAutoOrder = ["cuda", "cpu"];

    private const string AutoName = "auto";
    private const string Suffix = "ExecutionProvider";

    private ProviderSpec(string name, KeyValuePair<string, string>[] options, ProviderSpec[] candidates)
    {
        Name = name;
        Options = options;
        Candidates = candidates;
    }

    /// <summary>The CPU provider, present in every build.</summary>
    public static ProviderSpec Cpu { get; } = new("cpu", [], []);

    /// <summary>
    /// The provider's name: lower case for the ones this library knows (<c>cpu</c>, <c>cuda</c>, <c>tensorrt</c>,
    /// <c>openvino</c>, ...), as written for others, <c>auto</c> for a list.
    /// </summary>
    public string Name { get; }

    /// <summary>The provider options in the order given (empty for <c>cpu</c> and <c>auto</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Options { get; }

    /// <summary>For <c>auto</c>, the providers tried in order; empty otherwise.</summary>
    public IReadOnlyList<ProviderSpec> Candidates { get; }

    /// <summary>Whether this is an <c>auto</c> list.</summary>
    public bool IsAuto => Candidates.Count > 0;

    /// <summary>A provider by name with options (names as in <see cref="Parse"/>; not <c>auto</c>).</summary>
    /// <exception cref="FormatException">The name is empty or malformed, <c>auto</c>, a key is empty or repeated, or <c>cpu</c> has options.</exception>
    public static ProviderSpec Create(string name, IEnumerable<KeyValuePair<string, string>>? options = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        string canonical = CanonicalName(name, name);
        if (canonical == AutoName)
        {
            throw new FormatException("'auto' is a list of providers: use ProviderSpec.Auto or Parse(\"auto:cuda,cpu\").");
        }

        KeyValuePair<string, string>[] list = (options ?? []).ToArray();
        CheckOptions(canonical, list, name);
        return canonical == "cpu" ? Cpu : new ProviderSpec(canonical, list, []);
    }

    /// <summary>An <c>auto</c> list of the given providers, tried in order.</summary>
    /// <exception cref="ArgumentException">The list is empty or holds an <c>auto</c>.</exception>
    public static ProviderSpec Auto(params ProviderSpec[] candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (candidates.Length == 0 || candidates.Any(c => c is null || c.IsAuto))
        {
            throw new ArgumentException("An auto list needs one or more providers, none of them auto.", nameof(candidates));
        }

        return new ProviderSpec(AutoName, [], [.. candidates]);
    }

    /// <summary>
    /// Parses <c>NAME[:KEY=VALUE,...]</c> or <c>auto[:NAME,...]</c>, e.g. <c>cuda:device_id=1,gpu_mem_limit=2147483648</c>,
    /// <c>openvino:device_type=CPU</c>, <c>auto:tensorrt,cuda,cpu</c>. Values cannot contain commas.
    /// </summary>
    /// <exception cref="FormatException">The text is malformed; the message quotes it and says what is wrong.</exception>
    public static ProviderSpec Parse(string text) =>
        TryParse(text, out ProviderSpec? spec, out string error) ? spec : throw new FormatException(error);

    /// <summary>Parses like <see cref="Parse"/>; on failure returns false with a message naming the problem.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ProviderSpec? spec, out string error)
    {
        spec = null;
        error = string.Empty;
        try
        {
            spec = ParseCore(text ?? string.Empty);
            return true;
        }
        catch (FormatException ex)
        {
            error = ex.Message;
            return false;
        }
    }

    /// <summary>The provider as text that parses back to it, e.g. <c>cuda:device_id=1</c>, <c>auto:cuda,cpu</c> (an <c>auto</c> list whose providers have options does not parse back).</summary>
    public override string ToString()
    {
        if (IsAuto)
        {
            return $"{AutoName}:{string.Join(',', Candidates.Select(c => c.ToString()))}";
        }

        return Options.Count == 0 ? Name : $"{Name}:{string.Join(',', Options.Select(o => $"{o.Key}={o.Value}"))}";
    }

    /// <inheritdoc />
    public bool Equals(ProviderSpec? other) => other is not null && string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ProviderSpec);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    /// <summary>The spec for the older <see cref="ExecutionProvider"/> settings.</summary>
    internal static ProviderSpec From(ExecutionProvider provider, int cudaDeviceId)
    {
        KeyValuePair<string, string>[] device = cudaDeviceId == 0
            ? []
            : [new("device_id", cudaDeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        return provider switch
        {
            ExecutionProvider.Cuda => new ProviderSpec("cuda", device, []),
            ExecutionProvider.TensorRT => new ProviderSpec("tensorrt", device, []),
            ExecutionProvider.Auto => new ProviderSpec(AutoName, [], [new ProviderSpec("cuda", device, []), Cpu]),
            _ => Cpu,
        };
    }

    private static ProviderSpec ParseCore(string text)
    {
        string trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            throw new FormatException("The provider is empty; expected NAME[:KEY=VALUE,...] (e.g. cpu, cuda:device_id=0, openvino) or auto[:NAME,...].");
        }

        int colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        string namePart = colon < 0 ? trimmed : trimmed[..colon];
        string? rest = colon < 0 ? null : trimmed[(colon + 1)..];
        string name = CanonicalName(namePart, trimmed);
        string[] items = rest is null ? [] : rest.Split(',', StringSplitOptions.TrimEntries);
        if (rest is not null && items.Any(i => i.Length == 0))
        {
            throw new FormatException($"The provider '{trimmed}' has an empty item after ':'; expected {(name == AutoName ? "auto:NAME,NAME,..." : $"{name}:KEY=VALUE,KEY=VALUE")}.");
        }

        if (name == AutoName)
        {
            if (items.FirstOrDefault(i => i.Contains('=', StringComparison.Ordinal)) is { } withOption)
            {
                throw new FormatException($"The provider '{trimmed}': auto takes provider names only (e.g. auto:tensorrt,cuda,cpu), not options ('{withOption}').");
            }

            string[] names = items.Length == 0 ? [.. DefaultAutoOrder] : items;
            var candidates = new List<ProviderSpec>();
            foreach (string candidate in names)
            {
                string canonical = CanonicalName(candidate, trimmed);
                if (canonical == AutoName)
                {
                    throw new FormatException($"The provider '{trimmed}' lists auto inside auto.");
                }

                if (candidates.Exists(c => c.Name == canonical))
                {
                    throw new FormatException($"The provider '{trimmed}' lists '{canonical}' twice.");
                }

                candidates.Add(canonical == "cpu" ? Cpu : new ProviderSpec(canonical, [], []));
            }

            return new ProviderSpec(AutoName, [], [.. candidates]);
        }

        var options = new KeyValuePair<string, string>[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            int equals = items[i].IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                throw new FormatException($"The provider '{trimmed}': option '{items[i]}' is not KEY=VALUE.");
            }

            options[i] = new(items[i][..equals].Trim(), items[i][(equals + 1)..].Trim());
        }

        CheckOptions(name, options, trimmed);
        return name == "cpu" ? Cpu : new ProviderSpec(name, options, []);
    }

    private static void CheckOptions(string name, KeyValuePair<string, string>[] options, string text)
    {
        if (name == "cpu" && options.Length > 0)
        {
            throw new FormatException($"The provider '{text}': cpu takes no options (set threads and session configuration entries instead).");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, _) in options)
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                throw new FormatException($"The provider '{text}' has an option with an empty key.");
            }

            if (!seen.Add(key))
            {
                throw new FormatException($"The provider '{text}' sets option '{key}' twice.");
            }
        }
    }

    /// <summary>Lower case for known names (suffix "ExecutionProvider" dropped), as written otherwise; checks the characters.</summary>
    private static string CanonicalName(string name, string text)
    {
        string trimmed = name.Trim();
        if (trimmed.Length == 0 || !trimmed.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            throw new FormatException($"The provider '{text}' has no valid name ('{trimmed}'); names are letters, digits, '_' and '-', e.g. cpu, cuda, tensorrt, openvino, qnn, xnnpack, auto.");
        }

        string bare = trimmed.Length > Suffix.Length && trimmed.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase)
            ? trimmed[..^Suffix.Length]
            : trimmed;
        string lower = bare.ToLowerInvariant();
        if (lower == AutoName || Providers.ProviderCatalog.Find(lower) is not null)
        {
            return lower;
        }

        if (bare.Length == trimmed.Length)
        {
            throw new FormatException(
                $"The provider '{text}' names an unknown execution provider '{trimmed}'; known: {string.Join(", ", Providers.ProviderCatalog.Names)}, auto; " +
                $"any other by its full registered name, e.g. {trimmed}{Suffix} (passed to ONNX Runtime as written).");
        }

        return trimmed;
    }
}
