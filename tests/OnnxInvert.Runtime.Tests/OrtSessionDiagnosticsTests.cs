using System.Text.RegularExpressions;
using OnnxInvert.Runtime.Tests.TestModels;

namespace OnnxInvert.Runtime.Tests;

/// <summary>The diagnostic session settings: profiling, the optimised graph and configuration entries.</summary>
public sealed class OrtSessionDiagnosticsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("onnxinvert-diag-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ProfilePrefix_WritesATraceWithEveryRunAndNodeWhenTheSessionCloses()
    {
        string prefix = Path.Combine(_dir, "profile");
        using (var session = OrtSession.FromBytes(Models.Add(), new SessionSettings { ProfilePrefix = prefix, IntraOpThreads = 1 }))
        {
            ModelRuns.RunAdd(session, [1f, 2f, 3f], [4f, 5f, 6f]);
            ModelRuns.RunAdd(session, [1f, 2f, 3f], [4f, 5f, 6f]);
        }

        string trace = File.ReadAllText(Assert.Single(Directory.GetFiles(_dir, "profile_*.json")));
        Assert.Equal(2, Regex.Count(trace, "\"name\"\\s*:\\s*\"model_run\""));
        Assert.Matches("\"op_name\"\\s*:\\s*\"Add\"", trace);
    }

    [Fact]
    public void OptimizedModelPath_WritesTheGraphThatRuns()
    {
        string path = Path.Combine(_dir, "optimized.onnx");

        using var session = OrtSession.FromBytes(Models.AddAndMul(), new SessionSettings { OptimizedModelPath = path });

        Assert.True(new FileInfo(path).Length > 0, $"{path} was not written");
        using var reloaded = OrtSession.FromFile(path);
        Assert.Equal(session.Outputs.Select(o => o.Name), reloaded.Outputs.Select(o => o.Name));
    }

    [Fact]
    public void ConfigEntries_KnownEntry_SessionRuns()
    {
        var settings = new SessionSettings
        {
            IntraOpThreads = 2,
            ConfigEntries = new Dictionary<string, string> { ["session.intra_op.allow_spinning"] = "0" },
        };
        using var session = OrtSession.FromBytes(Models.Add(), settings);

        Assert.Equal([2f, 4f, 6f], ModelRuns.RunAdd(session, [1f, 2f, 3f], [1f, 2f, 3f]));
        Assert.Contains("session.intra_op.allow_spinning=0", settings.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigEntries_ValueTheRuntimeRejects_ThrowsNamingTheEntry()
    {
        const string key = "session.intra_op_thread_affinities";
        var settings = new SessionSettings { IntraOpThreads = 2, ConfigEntries = new Dictionary<string, string> { [key] = "not-a-cpu" } };

        var ex = Assert.Throws<OrtException>(() => OrtSession.FromBytes(Models.Add(), settings));

        Assert.Contains($"{key}=not-a-cpu", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_BlankPathsAndKeys_Throw()
    {
        Assert.Throws<ArgumentException>(() => new SessionSettings { ProfilePrefix = " " });
        Assert.Throws<ArgumentException>(() => new SessionSettings { OptimizedModelPath = string.Empty });
        Assert.Throws<ArgumentException>(() => new SessionSettings { ConfigEntries = new Dictionary<string, string> { [" "] = "1" } });
    }
}
