using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Tests.TestUtilities;
using OnnxInvert.Runtime;

namespace OnnxInvert.Inversion.Tests.Engine;

/// <summary>
/// A very long generator's objective session is opened with <see cref="LongGraphSettings"/> (said once, with the
/// phases of the build), a short one's with the caller's settings untouched. Asserted on the notices, never on time:
/// the timings are in docs/benchmarks.md.
/// </summary>
public sealed class InverterLongGraphTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Create_ChainOf3000Nodes_OpensWithTheLongGraphSettings_AnnouncingTheSession()
    {
        var notices = new List<string>();
        using var generator = Generator.Open(ChainGenerators.Write(_temp.File("chain3000.onnx"), 3000));

        using var inverter = Inverter.Create(generator, new InversionOptions { Steps = 2, BatchSize = 2, Session = new SessionSettings { Notice = notices.Add } });

        Assert.Single(notices, IsLongGraphNotice);
        int session = notices.FindIndex(n => n.Contains("creating the runtime session", StringComparison.Ordinal));
        Assert.True(session >= 0, string.Join(Environment.NewLine, notices));
        Assert.True(notices.FindIndex(IsLongGraphNotice) > session, "the level notice comes with the session phase");
        Assert.Contains(notices, n => n.Contains("runtime session ready", StringComparison.Ordinal));
        var result = Assert.Single(inverter.Invert(new InversionTargets(new float[16], 1)));
        Assert.True(float.IsFinite(result.Loss));
    }

    [Fact]
    public void Create_ChainOf300Nodes_KeepsTheCallersSettings_Silently()
    {
        var notices = new List<string>();
        using var generator = Generator.Open(ChainGenerators.Write(_temp.File("chain300.onnx"), 300));

        using var inverter = Inverter.Create(generator, new InversionOptions { Steps = 2, BatchSize = 2, Session = new SessionSettings { Notice = notices.Add } });

        Assert.DoesNotContain(notices, IsLongGraphNotice);
        Assert.DoesNotContain(notices, n => n.Contains("creating the runtime session", StringComparison.Ordinal));
    }

    private static bool IsLongGraphNotice(string notice) => notice.Contains("ONNX Runtime's graph optimisations are turned off", StringComparison.Ordinal);
}
