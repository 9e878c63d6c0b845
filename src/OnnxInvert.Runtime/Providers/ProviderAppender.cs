using OnnxInvert.Runtime.Handles;
using OnnxInvert.Runtime.Native;

namespace OnnxInvert.Runtime.Providers;

/// <summary>Adds one provider (not <c>auto</c>) to session options the way ONNX Runtime wants it added.</summary>
internal static unsafe class ProviderAppender
{
    /// <summary>Appends <paramref name="spec"/>; the CPU needs nothing.</summary>
    /// <exception cref="OrtException">The runtime refused (the provider is not in this build or did not load, or an option is wrong).</exception>
    public static void Append(OrtApiTable api, SessionOptionsHandle options, ProviderSpec spec)
    {
        ProviderEntry entry = ProviderCatalog.For(spec);
        switch (entry.Kind)
        {
            case ProviderKind.Cpu:
                return;
            case ProviderKind.CudaV2:
                CudaProvider.Append(api, options, spec.Options);
                return;
            case ProviderKind.TensorRtV2:
                TensorRtProvider.Append(api, options, spec.Options);
                return;
            default:
                AppendGeneric(api, options, entry, spec);
                return;
        }
    }

    private static void AppendGeneric(OrtApiTable api, SessionOptionsHandle options, ProviderEntry entry, ProviderSpec spec)
    {
        using var strings = new OptionStrings(spec.Options);
        Span<byte> buffer = stackalloc byte[128];
        fixed (byte* name = Utf8.Encode(entry.ApiName, buffer))
        {
            string with = spec.Options.Count == 0 ? string.Empty : $" with {CudaProvider.Describe(spec.Options)}";
            api.Check(
                api.SessionOptionsAppendExecutionProvider(options.DangerousGetHandle(), name, strings.Keys, strings.Values, strings.Count),
                $"adding the {entry.ApiName} execution provider{with}");
        }
    }
}
