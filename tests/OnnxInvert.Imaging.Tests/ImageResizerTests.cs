namespace OnnxInvert.Imaging.Tests;

public sealed class ImageResizerTests
{
    [Fact]
    public void Resize_SameSize_ReturnsTheSameInstance()
    {
        var image = Gray(2, 2, 1, 2, 3, 4);

        Assert.Same(image, ImageResizer.Resize(image, 2, 2));
    }

    [Fact]
    public void Resize_HalfSize_AveragesEachTwoByTwoBlock()
    {
        var image = Gray(4, 2, 0, 10, 100, 200, 20, 30, 50, 50);

        var small = ImageResizer.Resize(image, 2, 1);

        Assert.Equal([15, 100], small.Pixels.ToArray());
    }

    [Fact]
    public void Resize_NonIntegerShrink_WeighsPartlyCoveredPixels()
    {
        // 3 -> 2: output 0 covers pixel 0 and half of pixel 1; output 1 the other half of pixel 1 and pixel 2.
        var image = Gray(3, 1, 0, 90, 180);

        var small = ImageResizer.Resize(image, 2, 1);

        Assert.Equal([30, 150], small.Pixels.ToArray());
    }

    [Fact]
    public void Resize_Double_InterpolatesBilinearlyWithHalfPixelCentresAndClampedEdges()
    {
        var image = Gray(2, 1, 0, 100);

        var big = ImageResizer.Resize(image, 4, 1);

        // Output centres map to source -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1).
        Assert.Equal([0, 25, 75, 100], big.Pixels.ToArray());
    }

    [Fact]
    public void Resize_ConstantImage_StaysConstantAnySize()
    {
        var image = new DecodedImage("c", 5, 3, 3, Enumerable.Repeat((byte)77, 5 * 3 * 3).ToArray());

        Assert.All(ImageResizer.Resize(image, 11, 7).Pixels.ToArray(), v => Assert.Equal(77, v));
        Assert.All(ImageResizer.Resize(image, 2, 2).Pixels.ToArray(), v => Assert.Equal(77, v));
    }

    [Fact]
    public void Resize_KeepsChannelsSeparateAndTheName()
    {
        var image = new DecodedImage("rgb.png", 2, 1, 3, [255, 0, 0, 0, 0, 255]);

        var small = ImageResizer.Resize(image, 1, 1);

        Assert.Equal("rgb.png", small.Name);
        Assert.Equal([128, 0, 128], small.Pixels.ToArray());
    }

    [Fact]
    public void Conform_ResizeToFit_ResizesAndConvertsChannels()
    {
        var spec = new ImageTensorSpec(1, 2, 2, PixelRange.ZeroToOne) { ResizeToFit = true, AllowedConversions = ChannelConversion.All };
        var rgb = new DecodedImage("x.png", 4, 4, 3, Enumerable.Repeat((byte)200, 48).ToArray());

        var conformed = spec.Conform(rgb);

        Assert.Equal((2, 2, 1), (conformed.Width, conformed.Height, conformed.Channels));
        Assert.All(conformed.Pixels.ToArray(), v => Assert.Equal(200, v));
    }

    [Fact]
    public void Conform_WithoutResizeToFit_SizeMismatchStillFails()
    {
        var spec = new ImageTensorSpec(1, 2, 2, PixelRange.ZeroToOne);

        var ex = Assert.Throws<ImageFormatException>(() => spec.Conform(Gray(3, 3, new byte[9])));

        Assert.Equal(ImageErrorKind.SizeMismatch, ex.Kind);
    }

    private static DecodedImage Gray(int width, int height, params byte[] pixels) => new("gray", width, height, 1, pixels);
}
