namespace OnnxInvert.Imaging.Tests;

public sealed class AlphaContentTests
{
    [Fact]
    public void IsOnlyInAlpha_ConstantColourVaryingAlpha_IsTrue()
    {
        var image = new DecodedImage("a.png", 2, 1, 4, [10, 20, 30, 0, 10, 20, 30, 255]);

        Assert.True(AlphaContent.IsOnlyInAlpha(image));
    }

    [Fact]
    public void IsOnlyInAlpha_GrayAlphaWithConstantGray_IsTrue()
    {
        Assert.True(AlphaContent.IsOnlyInAlpha(new DecodedImage("a.png", 3, 1, 2, [0, 0, 0, 128, 0, 255])));
    }

    [Theory]
    [InlineData(new byte[] { 10, 20, 30, 0, 10, 21, 30, 255 })] // one colour value differs
    [InlineData(new byte[] { 10, 20, 30, 255, 10, 20, 30, 255 })] // nothing varies at all
    [InlineData(new byte[] { 10, 20, 30, 255, 90, 20, 30, 255 })] // colour varies, alpha opaque
    public void IsOnlyInAlpha_ColourVariesOrAlphaConstant_IsFalse(byte[] pixels)
    {
        Assert.False(AlphaContent.IsOnlyInAlpha(new DecodedImage("a.png", 2, 1, 4, pixels)));
    }

    [Fact]
    public void IsOnlyInAlpha_NoAlphaChannel_IsFalse()
    {
        Assert.False(AlphaContent.IsOnlyInAlpha(new DecodedImage("a.png", 2, 1, 3, [1, 1, 1, 1, 1, 1])));
    }
}
