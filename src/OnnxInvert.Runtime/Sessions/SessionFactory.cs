using System.Text;
using OnnxInvert.Runtime.Handles;
using OnnxInvert.Runtime.Native;
using OnnxInvert.Runtime.Providers;

namespace OnnxInvert.Runtime.Sessions;

/// <summary>Creates the native session for a model with the requested settings and execution provider.</summary>
internal static unsafe class SessionFactory
{
    /// <summary>Creates the session; returns it with the provider it actually runs on.</summary>
    public static (SessionHandle Session, ProviderSpec Provider) Create(in ModelSource source, SessionSettings settings)
    {
        OrtApiTable api = OrtLibrary.Api;
        EnvHandle env = OrtEnvironment.Instance.Handle;
        ProviderSpec requested = settings.EffectiveProvider;
        if (!requested.IsAuto)
        {
            using SessionOptionsHandle options = CreateOptions(api, settings, source, requested);
            try
            {
                ProviderAppender.Append(api, options, requested);
            }
            catch (OrtException ex)
            {
                throw ProviderUnavailable.Error(requested, ex);
            }

            return (CreateSession(api, env, options, settings, source, Where(requested)), requested);
        }

        var notTaken = new List<string>();
        for (int i = 0; i < requested.Candidates.Count; i++)
        {
            ProviderSpec candidate = requested.Candidates[i];
            bool last = i == requested.Candidates.Count - 1;
            using SessionOptionsHandle options = CreateOptions(api, settings, source, candidate);
            SessionHandle session;
            try
            {
                ProviderAppender.Append(api, options, candidate);
                session = CreateSession(api, env, options, settings, source, Where(candidate));
            }
            catch (OrtException ex) when (!last)
            {
                notTaken.Add($"{ProviderCatalog.For(candidate).ApiName} is unavailable ({ProviderUnavailable.Reason(ex)})");
                continue;
            }
            catch (OrtException ex) when (candidate.Name != "cpu")
            {
                notTaken.Add($"{ProviderCatalog.For(candidate).ApiName} is unavailable ({ProviderUnavailable.Reason(ex)})");
                throw new OrtException(ex.ErrorCode, $"No provider of '{requested}' could be used for {source.Description}: {string.Join("; ", notTaken)}.", ex);
            }

            if (notTaken.Count > 0)
            {
                settings.Notice?.Invoke($"{string.Join("; ", notTaken)}; running on {Display(candidate)}.");
            }

            return (session, candidate);
        }

        throw new InvalidOperationException("An auto provider list is never empty.");
    }

    private static string Display(ProviderSpec spec) => spec.Name == "cpu" ? "the CPU" : ProviderCatalog.For(spec).ApiName;

    private static string Where(ProviderSpec spec) => spec.Name == "cpu" ? string.Empty : $"on {ProviderCatalog.For(spec).ApiName}";

    private static SessionOptionsHandle CreateOptions(OrtApiTable api, SessionSettings settings, in ModelSource source, ProviderSpec provider)
    {
        nint raw;
        api.Check(api.CreateSessionOptions(&raw), "creating session options");
        var options = new SessionOptionsHandle(raw);
        try
        {
            string doing = $"configuring the session for {source.Description}";
            api.Check(api.SetSessionGraphOptimizationLevel(raw, settings.GraphOptimization), doing);
            api.Check(settings.MemoryPatternOn(provider) ? api.EnableMemPattern(raw) : api.DisableMemPattern(raw), doing);
            if (settings.IntraOpThreads > 0)
            {
                api.Check(api.SetIntraOpNumThreads(raw, settings.IntraOpThreads), doing);
            }

            if (settings.InterOpThreads > 0)
            {
                api.Check(api.SetInterOpNumThreads(raw, settings.InterOpThreads), doing);
            }

            if (settings.ProfilePrefix is { } prefix)
            {
                fixed (byte* native = NativePath(prefix))
                {
                    api.Check(api.EnableProfiling(raw, native), $"enabling profiling to '{prefix}' for {source.Description}");
                }
            }

            if (settings.OptimizedModelPath is { } optimized)
            {
                fixed (byte* native = NativePath(optimized))
                {
                    api.Check(api.SetOptimizedModelFilePath(raw, native), $"asking for the optimised graph in '{optimized}' for {source.Description}");
                }
            }

            foreach (var (key, value) in settings.ConfigEntries)
            {
                fixed (byte* k = Encoding.UTF8.GetBytes(key + '\0'), v = Encoding.UTF8.GetBytes(value + '\0'))
                {
                    api.Check(api.AddSessionConfigEntry(raw, k, v), $"setting session configuration '{key}' = '{value}' for {source.Description}");
                }
            }

            return options;
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }

    /// <summary>A path as ONNX Runtime's <c>ORTCHAR_T*</c>: UTF-16 on Windows, UTF-8 elsewhere, NUL-terminated.</summary>
    private static byte[] NativePath(string path) =>
        OperatingSystem.IsWindows() ? Encoding.Unicode.GetBytes(path + '\0') : Encoding.UTF8.GetBytes(path + '\0');

    private static SessionHandle CreateSession(OrtApiTable api, EnvHandle env, SessionOptionsHandle options, SessionSettings settings, in ModelSource source, string where)
    {
        string doing = where.Length == 0 ? $"loading {source.Description}" : $"loading {source.Description} {where}";
        if (settings.ConfigEntries.Count > 0)
        {
            doing += $" with session configuration {string.Join(", ", settings.ConfigEntries.Select(e => $"{e.Key}={e.Value}"))}";
        }

        nint session;
        if (source.Path is { } path)
        {
            fixed (byte* native = NativePath(path))
            {
                api.Check(api.CreateSession(env.DangerousGetHandle(), native, options.DangerousGetHandle(), &session), doing);
            }
        }
        else
        {
            api.Check(api.CreateSessionFromArray(env.DangerousGetHandle(), source.Bytes, source.Length, options.DangerousGetHandle(), &session), doing);
        }

        return new SessionHandle(session);
    }
}
