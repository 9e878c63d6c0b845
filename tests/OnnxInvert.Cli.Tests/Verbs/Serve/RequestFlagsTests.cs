using OnnxInvert.Cli.Verbs.Serve;
using OnnxInvert.Runtime;
using OnnxInvert.Server;

namespace OnnxInvert.Cli.Tests.Verbs.Serve;

public sealed class RequestFlagsTests
{
    [Fact]
    public void Describe_NamesLibrarySettingsByTheServicesOptionNames()
    {
        IRequestOptionsParser parser = new RequestFlags(new SessionSettings());

        string described = parser.Describe("g.onnx: taking NCHW (override with GeneratorOptions.Layout = Nhwc); InversionJob.ReuseFolder is refused");

        Assert.Equal("g.onnx: taking NCHW (override with layout nhwc); reuse is refused", described);
    }

    [Fact]
    public void Parse_AnInvalidValue_NamesTheOptionAsARequestOption()
    {
        var parser = new RequestFlags(new SessionSettings());

        var ex = Assert.Throws<RequestOptionsException>(() => parser.Parse(new Dictionary<string, string> { ["prior_mode"] = "sideways" }, 4));

        Assert.Contains("prior_mode", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--", ex.Message, StringComparison.Ordinal);
    }
}
