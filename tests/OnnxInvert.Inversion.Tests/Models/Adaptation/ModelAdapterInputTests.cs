using OnnxInvert.Inversion.Models.Adaptation;
using OnnxInvert.Inversion.Tests.TestUtilities;
using static OnnxInvert.Inversion.Tests.Models.Adaptation.AdaptationFixtures;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Inversion.Tests.Models.Adaptation;

public sealed class ModelAdapterInputTests
{
    [Fact]
    public void Adapt_TwoLatentsAndALabel_KeepsBothLatentsAndReportsTheLabelAsAnOtherInput()
    {
        var model = Load("two_latents_label");

        var adapted = ModelAdapter.Adapt(model, Request("two_latents_label") with { Latents = ["z", "noise"] });

        Assert.Equal(["z", "noise"], adapted.Latents.Select(l => l.Name));
        Assert.Equal([8L], adapted.Latents[0].Shape);
        Assert.Equal([1L, 6, 6], adapted.Latents[1].Shape);
        var label = Assert.Single(adapted.OtherInputs);
        Assert.Equal("label", label.Name);
        Assert.Equal(DataType.Int64, label.ElementType);
        Assert.Equal((0f, 1f), (adapted.Range!.Low, adapted.Range.High));
        HostTensor[] feeds =
        [
            new("z", DataType.Float, [3, 8], Gaussian(3 * 8, 30)),
            new("noise", DataType.Float, [3, 1, 6, 6], Gaussian(3 * 36, 31)),
            new("label", DataType.Int64, [3], new long[] { 0, 7, 9 }),
        ];
        AssertClose(Run(model, "image", feeds).Floats, Run(adapted.Model, adapted.ImageOutput, feeds).Floats);
    }

    [Fact]
    public void Adapt_SeveralInputsAndNoLatentNamed_TakesTheMostLatentLikeAndSaysSo()
    {
        var notices = new List<string>();

        var adapted = ModelAdapter.Adapt(Load("two_latents_label"), Request("two_latents_label"), notices.Add);

        Assert.Equal("z", Assert.Single(adapted.Latents).Name);
        Assert.Equal(["noise", "label"], adapted.OtherInputs.Select(i => i.Name));
        string notice = Assert.Single(notices);
        Assert.Contains("taking input 'z' as the latent", notice, StringComparison.Ordinal);
        Assert.Contains("GeneratorOptions.Latents", notice, StringComparison.Ordinal);
    }

    [Fact]
    public void Adapt_LatentRequestedTwice_IsTakenOnce()
    {
        var adapted = ModelAdapter.Adapt(Load("nhwc"), Request("nhwc") with { Latents = ["z", "z"] });

        Assert.Single(adapted.Latents);
    }

    [Fact]
    public void Adapt_AdaptedModelWrittenAndReadBack_RunsTheSame()
    {
        using var temp = new TempFolder();
        var adapted = ModelAdapter.Adapt(Load("fixed_batch1"), Request("fixed_batch1"));
        string path = temp.File("adapted.onnx");
        Onnx.IO.OnnxModelWriter.Write(adapted.Model, path);

        var reread = Onnx.IO.OnnxModelReader.Read(path);

        var z = Gaussian(4 * 8, 40);
        AssertClose(Run(adapted.Model, adapted.ImageOutput, ("z", z, [4, 8])).Floats, Run(reread, adapted.ImageOutput, ("z", z, [4, 8])).Floats, 0);
    }
}
