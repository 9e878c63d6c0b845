using OnnxInvert.Runtime.Tests.TestModels;

namespace OnnxInvert.Runtime.Tests.TestUtilities;

/// <summary>
/// The test assembly's entry point (the generated one is switched off): <c>dotnet OnnxInvert.Runtime.Tests.dll
/// probe PROVIDER</c> loads the library named by ONNXINVERT_ORT_LIB in a fresh process, creates a session of the Add
/// model with PROVIDER and runs it, printing what happened, so tests can try another ONNX Runtime build than the one
/// their own process loaded.
/// </summary>
internal static class ProviderProbe
{
    public static int Main(string[] args)
    {
        if (args.Length != 2 || args[0] != "probe")
        {
            Console.Error.WriteLine("usage: probe PROVIDER");
            return 2;
        }

        try
        {
            Console.WriteLine($"version: {OrtLibrary.Version}");
            Console.WriteLine($"available: {string.Join(',', OrtLibrary.AvailableProviders)}");
            var settings = new SessionSettings { Provider = ProviderSpec.Parse(args[1]), Notice = n => Console.WriteLine($"notice: {n}") };
            using var session = OrtSession.FromBytes(Models.Add(), settings);
            Console.WriteLine($"provider: {session.ProviderName}");
            Console.WriteLine($"result: {string.Join(',', ModelRuns.RunAdd(session, [1f, 2f, 3f], [1f, 2f, 3f]))}");
            return 0;
        }
        catch (Exception ex) when (ex is OrtException or FormatException or DllNotFoundException)
        {
            Console.WriteLine($"error: {ex.Message}");
            return 3;
        }
    }
}
