using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Tests.TestUtilities;
using OnnxInvert.Runtime;

namespace OnnxInvert.Inversion.Tests.Engine.Resident;

/// <summary>
/// The device-resident loop on CUDA: chosen by default, and each step copies exactly the latents up and the gradients
/// and per-image losses down (plus the image rows the target-MSE check reads), as ONNX Runtime itself reports for the
/// objective binding. Skipped (with the reason) where no CUDA session can be created.
/// </summary>
public sealed class DeviceResidentCudaTests
{
    private const int Batch = 4;
    private const long FloatBytes = sizeof(float);

    [CudaFact]
    public void Cuda_ByDefault_EachStepMovesOnlyLatentsGradientsAndLosses()
    {
        using var tiny = new TinyInversion();
        using var inverter = tiny.Create(Options(DeviceResidency.Auto));
        long latents = Batch * tiny.Generator.LatentSize * FloatBytes;

        var step = SteadyStep(tiny, inverter);

        Assert.True(inverter.Buffers.IsResident);
        Assert.Equal(new HostDeviceTransfers(latents, latents + (Batch * FloatBytes)), step);
        Assert.Equal(step, inverter.Buffers.Device!.MeasureRun(0, Batch));
    }

    [CudaFact]
    public void Cuda_WithATargetMse_AlsoBringsTheImageRowsDown()
    {
        using var tiny = new TinyInversion();
        using var inverter = tiny.Create(Options(DeviceResidency.Auto, targetMse: 1e-30));
        long latents = Batch * tiny.Generator.LatentSize * FloatBytes;
        long images = Batch * inverter.ImageLength * FloatBytes;

        var step = SteadyStep(tiny, inverter);

        Assert.Equal(new HostDeviceTransfers(latents, latents + (Batch * FloatBytes) + images), step);
    }

    [CudaFact]
    public void Cuda_PlainPath_MovesEveryBufferEachStep_AndAgreesWithTheResidentPath()
    {
        using var tiny = new TinyInversion();
        var targets = tiny.Targets(tiny.KnownLatents(Batch, seed: 2), Batch);
        using var plain = tiny.Create(Options(DeviceResidency.Off));
        using var resident = tiny.Create(Options(DeviceResidency.Auto));
        long latents = Batch * tiny.Generator.LatentSize * FloatBytes;
        long images = Batch * plain.ImageLength * FloatBytes;

        var step = SteadyStep(tiny, plain);
        var expected = plain.Invert(targets).OrderBy(r => r.Index).ToList();
        var actual = resident.Invert(targets).OrderBy(r => r.Index).ToList();

        Assert.False(plain.Buffers.IsResident);
        Assert.Equal(new HostDeviceTransfers(latents + images, latents + (Batch * FloatBytes) + images), step);
        for (int i = 0; i < Batch; i++)
        {
            Assert.Equal(expected[i].Latent, actual[i].Latent, (x, y) => Math.Abs(x - y) <= 1e-4f);
        }
    }

    private static InversionOptions Options(DeviceResidency residency, double targetMse = 0) => new()
    {
        Steps = 40,
        BatchSize = Batch,
        TargetMse = targetMse,
        DeviceResident = residency,
        Session = new SessionSettings { Provider = ProviderSpec.Parse("cuda") },
    };

    /// <summary>The bytes of the third step of a full batch (no target enters or leaves a slot).</summary>
    private static HostDeviceTransfers SteadyStep(TinyInversion tiny, Inverter inverter)
    {
        var run = inverter.BeginRun(tiny.Targets(tiny.KnownLatents(Batch, seed: 1), Batch));
        try
        {
            run.Step();
            run.Step();
            var before = run.Transfers;
            run.Step();
            var after = run.Transfers;
            return new(after.HostToDeviceBytes - before.HostToDeviceBytes, after.DeviceToHostBytes - before.DeviceToHostBytes);
        }
        finally
        {
            inverter.EndRun();
        }
    }
}
