using OnnxInvert.Inversion.Models.Adaptation;
using static OnnxInvert.Inversion.Tests.Models.Adaptation.AdaptationFixtures;

namespace OnnxInvert.Inversion.Tests.Models.Adaptation;

public sealed class ModelAdapterLayoutTests
{
    [Fact]
    public void Adapt_NhwcOutput_AppendsTransposeAndGivesTheSameValuesInNchw()
    {
        var model = Load("nhwc");
        var notices = new List<string>();

        var adapted = ModelAdapter.Adapt(model, Request("nhwc"), notices.Add);

        Assert.Equal(ImageLayout.Nhwc, adapted.Layout);
        Assert.Equal([3L, 6, 6], adapted.ImageShape);
        Assert.Null(adapted.FixedBatch);
        Assert.Empty(notices);
        Assert.Contains(adapted.Changes, c => c.Contains("NHWC → NCHW", StringComparison.Ordinal));
        var z = Gaussian(3 * 8, 1);
        var original = Run(model, "image", ("z", z, [3, 8]));
        var nchw = Run(adapted.Model, adapted.ImageOutput, ("z", z, [3, 8]));
        Assert.Equal([3L, 3, 6, 6], nchw.Dims);
        for (int i = 0; i < 3; i++)
        {
            AssertClose(HwcToChw(Sample(original, i), 6, 6, 3), Sample(nchw, i));
        }
    }

    [Fact]
    public void Adapt_FlatOutputWithImageShape_ReshapesToNchwWithoutNotice()
    {
        var model = Load("flat");
        var notices = new List<string>();

        var adapted = ModelAdapter.Adapt(model, Request("flat") with { ImageShape = [3, 6, 6] }, notices.Add);

        Assert.Equal(ImageLayout.Flat, adapted.Layout);
        Assert.Equal([3L, 6, 6], adapted.ImageShape);
        Assert.Empty(notices);
        var z = Gaussian(2 * 8, 2);
        var original = Run(model, "image", ("z", z, [2, 8]));
        var nchw = Run(adapted.Model, adapted.ImageOutput, ("z", z, [2, 8]));
        Assert.Equal([2L, 3, 6, 6], nchw.Dims);
        AssertClose(original.Floats, nchw.Floats);
    }

    [Fact]
    public void Adapt_FlatOutputWithoutImageShape_TakesTheOnlySquareShapeAndSaysSo()
    {
        var notices = new List<string>();

        var adapted = ModelAdapter.Adapt(Load("flat"), Request("flat"), notices.Add);

        Assert.Equal([3L, 6, 6], adapted.ImageShape);
        string notice = Assert.Single(notices);
        Assert.Contains("[3,6,6]", notice, StringComparison.Ordinal);
        Assert.Contains("GeneratorOptions.ImageShape", notice, StringComparison.Ordinal);
    }

    [Fact]
    public void Adapt_FlatOutputWithImageShapeOfAnotherSize_ThrowsNamingBothSizes()
    {
        var ex = Assert.Throws<ModelAdaptationException>(() => ModelAdapter.Adapt(Load("flat"), Request("flat") with { ImageShape = [1, 8, 8] }));

        Assert.Contains("flat.onnx", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'image'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("108 values per image", ex.Message, StringComparison.Ordinal);
        Assert.Contains("needs 64", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Adapt_LayoutThatDoesNotFitTheRank_ThrowsSayingWhichLayoutsFit()
    {
        var ex = Assert.Throws<ModelAdaptationException>(() => ModelAdapter.Adapt(Load("flat"), Request("flat") with { Layout = ImageLayout.Nhwc }));

        Assert.Contains("cannot be NHWC", ex.Message, StringComparison.Ordinal);
        Assert.Contains("FLAT", ex.Message, StringComparison.Ordinal);
        Assert.Contains("float [2,108]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Adapt_ForcedNchwOnAnNhwcExport_IsObeyed()
    {
        var adapted = ModelAdapter.Adapt(Load("nhwc"), Request("nhwc") with { Layout = ImageLayout.Nchw });

        Assert.Equal(ImageLayout.Nchw, adapted.Layout);
        Assert.Equal([6L, 6, 3], adapted.ImageShape);
        Assert.Equal("image", adapted.ImageOutput);
    }

    [Fact]
    public void Adapt_FourDimensionalLatent_KeepsItsShapeAndTheGraphUnchanged()
    {
        var model = Load("latent4d");

        var adapted = ModelAdapter.Adapt(model, Request("latent4d"));

        var latent = Assert.Single(adapted.Latents);
        Assert.Equal("z", latent.Name);
        Assert.Equal([100L, 1, 1], latent.Shape);
        Assert.False(latent.IsCut);
        Assert.Equal(ImageLayout.Nchw, adapted.Layout);
        Assert.Equal("image", adapted.ImageOutput);
        Assert.Empty(adapted.Changes);
        var z = Gaussian(2 * 100, 3);
        AssertClose(Run(model, "image", ("z", z, [2, 100, 1, 1])).Floats, Run(adapted.Model, "image", ("z", z, [2, 100, 1, 1])).Floats);
    }

    [Fact]
    public void Adapt_ChwImageOfAFixedBatchOneModel_AddsTheBatchAxisAndKeepsTheBatchFixed()
    {
        var model = Load("chw_fixed");
        var notices = new List<string>();

        var adapted = ModelAdapter.Adapt(model, Request("chw_fixed"), notices.Add);

        Assert.Equal(ImageLayout.Chw, adapted.Layout);
        Assert.Equal([3L, 6, 6], adapted.ImageShape);
        Assert.Equal(1L, adapted.FixedBatch);
        Assert.Contains(notices, n => n.Contains("could not be made symbolic", StringComparison.Ordinal) && n.Contains("per chunk of 1", StringComparison.Ordinal));
        var z = Gaussian(8, 4);
        var image = Run(adapted.Model, adapted.ImageOutput, ("z", z, [1, 8]));
        Assert.Equal([1L, 3, 6, 6], image.Dims);
        AssertClose(Run(model, "image", ("z", z, [1, 8])).Floats, image.Floats);
    }

    [Fact]
    public void Adapt_HwcImageOfAnOpset11Export_TransposesAndUnsqueezesWithAttributeAxes()
    {
        var model = Load("hwc_fixed_opset11");

        var adapted = ModelAdapter.Adapt(model, Request("hwc_fixed_opset11"));

        Assert.Equal(ImageLayout.Hwc, adapted.Layout);
        Assert.Equal([3L, 6, 6], adapted.ImageShape);
        Assert.Equal((0f, 1f), (adapted.Range!.Low, adapted.Range.High));
        Assert.Contains(adapted.Model.Graph.Node, n => n.OpType == "Unsqueeze" && n.Input.Count == 1 && n.Attribute.Any(a => a.Name == "axes"));
        var z = Gaussian(8, 24);
        var image = Run(adapted.Model, adapted.ImageOutput, ("z", z, [1, 8]));
        Assert.Equal([1L, 3, 6, 6], image.Dims);
        AssertClose(HwcToChw(Run(model, "image", ("z", z, [1, 8])).Floats, 6, 6, 3), image.Floats);
    }

    [Fact]
    public void Adapt_FlatImageOfAnOpset9Export_ReshapesAndReadsTheClipAttributes()
    {
        var model = Load("flat_opset9");

        var adapted = ModelAdapter.Adapt(model, Request("flat_opset9") with { ImageShape = [3, 6, 6] });

        Assert.Equal((0f, 1f), (adapted.Range!.Low, adapted.Range.High));
        Assert.StartsWith("Clip", adapted.Range.Source, StringComparison.Ordinal);
        var z = Gaussian(2 * 8, 25);
        AssertClose(Run(model, "image", ("z", z, [2, 8])).Floats, Run(adapted.Model, adapted.ImageOutput, ("z", z, [2, 8])).Floats);
    }
}
