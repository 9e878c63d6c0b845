using OnnxInvert.Inversion.Models.Adaptation;

namespace OnnxInvert.Inversion.Tests.Models.Adaptation;

public sealed class LayoutDetectorTests
{
    private static readonly AdaptationRequest Plain = new() { ModelName = "g.onnx" };

    [Theory]
    [InlineData(new long[] { 2, 3, 32, 32 }, ImageLayout.Nchw, new long[] { 3, 32, 32 })]
    [InlineData(new long[] { 2, 32, 32, 3 }, ImageLayout.Nhwc, new long[] { 3, 32, 32 })]
    [InlineData(new long[] { 2, 1, 28, 28 }, ImageLayout.Nchw, new long[] { 1, 28, 28 })]
    [InlineData(new long[] { 2, 64, 64, 4 }, ImageLayout.Nhwc, new long[] { 4, 64, 64 })]
    public void Detect_ChannelAxisOfSizeOneThreeOrFour_IsFoundWithoutNotice(long[] dims, ImageLayout layout, long[] shape)
    {
        var notices = new List<string>();

        var (detected, detectedShape) = LayoutDetector.Detect("g.onnx", "image", dims, 2, fixedBatch: false, Plain, notices.Add);

        Assert.Equal(layout, detected);
        Assert.Equal(shape, detectedShape);
        Assert.Empty(notices);
    }

    [Fact]
    public void Detect_BothAxesCouldBeChannels_TakesNchwAndSaysHowToOverride()
    {
        var notices = new List<string>();

        var (layout, shape) = LayoutDetector.Detect("g.onnx", "image", [2, 3, 4, 4], 2, fixedBatch: false, Plain, notices.Add);

        Assert.Equal(ImageLayout.Nchw, layout);
        Assert.Equal([3L, 4, 4], shape);
        string notice = Assert.Single(notices);
        Assert.Contains("NCHW (3 channels of 4×4) or NHWC (4 channels of 3×4)", notice, StringComparison.Ordinal);
        Assert.Contains("GeneratorOptions.Layout = Nhwc", notice, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_AmbiguousShapeWithTargetSize_TakesTheLayoutThatMatchesTheTargets()
    {
        var notices = new List<string>();

        var (layout, shape) = LayoutDetector.Detect("g.onnx", "image", [2, 3, 4, 4], 2, fixedBatch: false, Plain with { TargetSize = (3, 4) }, notices.Add);

        Assert.Equal(ImageLayout.Nhwc, layout);
        Assert.Equal([4L, 3, 4], shape);
        Assert.Empty(notices);
    }

    [Fact]
    public void Detect_HwcWithoutBatchAxisAtFixedBatchOne_IsHwc()
    {
        var (layout, shape) = LayoutDetector.Detect("g.onnx", "image", [16, 16, 3], 1, fixedBatch: true, Plain, _ => { });

        Assert.Equal(ImageLayout.Hwc, layout);
        Assert.Equal([3L, 16, 16], shape);
    }

    [Fact]
    public void Detect_NoChannelAxis_ThrowsNamingTheTensorAndShape()
    {
        var ex = Assert.Throws<ModelAdaptationException>(() => LayoutDetector.Detect("g.onnx", "feat", [2, 8, 16, 16], 2, fixedBatch: false, Plain, _ => { }));

        Assert.Contains("g.onnx: image tensor 'feat' (float [2,8,16,16] at batch 2)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no channel axis of size 1, 3 or 4", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_RankThreeWithDynamicBatch_ThrowsListingTheAcceptedShapes()
    {
        var ex = Assert.Throws<ModelAdaptationException>(() => LayoutDetector.Detect("g.onnx", "gray", [2, 28, 28], 2, fixedBatch: false, Plain, _ => { }));

        Assert.Contains("'gray'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("is not an image batch", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_FlatSizeWithSeveralSquareShapes_AsksForTheImageShape()
    {
        var ex = Assert.Throws<ModelAdaptationException>(() => LayoutDetector.Detect("g.onnx", "flat", [2, 256], 2, fixedBatch: false, Plain, _ => { }));

        Assert.Contains("256 values per image", ex.Message, StringComparison.Ordinal);
        Assert.Contains("GeneratorOptions.ImageShape", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_InvalidImageShape_Throws()
    {
        var ex = Assert.Throws<ModelAdaptationException>(() => LayoutDetector.Detect("g.onnx", "flat", [2, 48], 2, fixedBatch: false, Plain with { ImageShape = [3, 16] }, _ => { }));

        Assert.Contains("three positive sizes", ex.Message, StringComparison.Ordinal);
    }
}
