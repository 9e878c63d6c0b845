using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Tests.TestUtilities;
using OnnxInvert.Runtime;

namespace OnnxInvert.Inversion.Tests.Engine;

/// <summary>
/// A long generator's objective build is announced phase by phase, the runtime session included, and then inverts; a
/// short one's is silent. Asserted on the notices, never on time: the timings are in docs/benchmarks.md.
/// </summary>
public sealed class InverterLongGraphTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Create_ChainOf3000Nodes_AnnouncesTheSession_AndInverts()
    {
        var notices = new List<string>();
        using var generator = Generator.Open(ChainModels.Write(_temp.File("chain3000.onnx"), 3000, tanhImage: true));

        using var inverter = Inverter.Create(generator, new InversionOptions { Steps = 2, BatchSize = 2, Session = new SessionSettings { Notice = notices.Add } });

        int probe = notices.FindIndex(n => n.Contains("probing shapes (3,002 nodes)", StringComparison.Ordinal));
        int session = notices.FindIndex(n => n.Contains("creating the runtime session", StringComparison.Ordinal));
        Assert.True(probe >= 0 && session > probe, string.Join(Environment.NewLine, notices));
        Assert.True(notices.FindIndex(n => n.Contains("runtime session ready", StringComparison.Ordinal)) > session, string.Join(Environment.NewLine, notices));
        var result = Assert.Single(inverter.Invert(new InversionTargets(new float[16], 1)));
        Assert.True(float.IsFinite(result.Loss));
    }

    [Fact]
    public void Create_ChainOf300Nodes_IsSilent()
    {
        var notices = new List<string>();
        using var generator = Generator.Open(ChainModels.Write(_temp.File("chain300.onnx"), 300, tanhImage: true));

        using var inverter = Inverter.Create(generator, new InversionOptions { Steps = 2, BatchSize = 2, Session = new SessionSettings { Notice = notices.Add } });

        Assert.DoesNotContain(notices, n => n.Contains("probing shapes", StringComparison.Ordinal) || n.Contains("creating the runtime session", StringComparison.Ordinal));
    }
}
