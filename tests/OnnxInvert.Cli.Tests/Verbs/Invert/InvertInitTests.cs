using OnnxInvert.Cli.Verbs.Shared;
using OnnxInvert.Inversion.Jobs;

namespace OnnxInvert.Cli.Tests.Verbs.Invert;

public sealed class InvertInitTests
{
    [Theory]
    [InlineData("encoder:models/e.onnx", "models/e.onnx")]
    [InlineData("ENCODER:E.onnx", "E.onnx")]
    [InlineData("encoder", "")]
    public void EncoderFile_EncoderForms_GiveThePathOrEmptyForTheCard(string init, string expected)
    {
        Assert.Equal(expected, InvertSettings.EncoderFile(init));
        Assert.Null(InvertSettings.InitFile(init));
    }

    [Theory]
    [InlineData("prior")]
    [InlineData("mean")]
    [InlineData("z.npy")]
    public void EncoderFile_OtherForms_IsNull(string init) => Assert.Null(InvertSettings.EncoderFile(init));

    [Fact]
    public void EncoderFile_EmptyPath_IsAUsageErrorListingTheForms()
    {
        var ex = Assert.Throws<UsageException>(() => InvertSettings.EncoderFile("encoder:"));

        Assert.Contains("encoder:PATH.onnx", ex.Message, StringComparison.Ordinal);
    }
}
