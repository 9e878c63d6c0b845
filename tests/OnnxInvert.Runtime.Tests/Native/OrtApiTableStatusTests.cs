using OnnxInvert.Runtime.Native;

namespace OnnxInvert.Runtime.Tests.Native;

public sealed unsafe class OrtApiTableStatusTests
{
    [Fact]
    public void Check_NullStatus_Returns()
    {
        OrtLibrary.Api.Check(0, "doing nothing");
    }

    [Fact]
    public void Check_FailedStatus_ThrowsWithCodeRuntimeMessageAndContext()
    {
        OrtApiTable api = OrtLibrary.Api;
        nint status;
        fixed (byte* message = "the graph is broken\0"u8)
        {
            status = api.CreateStatus(OrtErrorCode.InvalidGraph, message);
        }

        var ex = Assert.Throws<OrtException>(() => api.Check(status, "loading model 'g.onnx'"));

        Assert.Equal(OrtErrorCode.InvalidGraph, ex.ErrorCode);
        Assert.Equal("the graph is broken", ex.RuntimeMessage);
        Assert.Equal("Loading model 'g.onnx' failed (InvalidGraph): the graph is broken", ex.Message);
    }
}
