using OnnxInvert.Runtime.Tests.TestModels;

namespace OnnxInvert.Runtime.Tests;

public sealed class OrtSessionErrorTests
{
    [Fact]
    public void FromFile_MissingFile_ThrowsFileNotFoundNamingThePath()
    {
        string path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.onnx");

        var ex = Assert.Throws<FileNotFoundException>(() => OrtSession.FromFile(path));

        Assert.Equal(path, ex.FileName);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromFile_FileIsNotAModel_ThrowsOrtExceptionNamingThePath()
    {
        string path = Path.Combine(Path.GetTempPath(), $"garbage-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, [0xff, 0xff, 0xff, 0xff, 0x01]);
        try
        {
            var ex = Assert.Throws<OrtException>(() => OrtSession.FromFile(path));

            Assert.Contains(path, ex.Message, StringComparison.Ordinal);
            Assert.NotEqual(OrtErrorCode.Ok, ex.ErrorCode);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FromBytes_BadModelBytes_ThrowsOrtExceptionWithInvalidProtobuf()
    {
        var ex = Assert.Throws<OrtException>(() => OrtSession.FromBytes([0xff, 0xff, 0xff, 0xff, 0x01]));

        Assert.Equal(OrtErrorCode.InvalidProtobuf, ex.ErrorCode);
        Assert.StartsWith("Loading a model of 5 bytes failed (InvalidProtobuf): ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromBytes_Empty_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => OrtSession.FromBytes([]));
    }

    [Fact]
    public void FromBytes_UnknownOperator_ThrowsOrtExceptionNamingTheOperator()
    {
        var ex = Assert.Throws<OrtException>(() => OrtSession.FromBytes(Models.UnknownOperator()));

        Assert.NotEqual(OrtErrorCode.Ok, ex.ErrorCode);
        Assert.Contains("NoSuchOperator", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WrongInputName_ThrowsOrtExceptionNamingIt()
    {
        using var session = OrtSession.FromBytes(Models.Add());
        using OrtValue value = OrtValue.CreateTensor<float>(new float[3], [1, 3]);

        var ex = Assert.Throws<OrtException>(() => session.Run([("a", value), ("not_an_input", value)], ["sum"]));

        Assert.Equal(OrtErrorCode.InvalidArgument, ex.ErrorCode);
        Assert.Contains("not_an_input", ex.Message, StringComparison.Ordinal);
        Assert.Contains("running a model of", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Run_WrongOutputName_ThrowsOrtExceptionNamingIt()
    {
        using var session = OrtSession.FromBytes(Models.Add());
        using OrtValue value = OrtValue.CreateTensor<float>(new float[3], [1, 3]);

        var ex = Assert.Throws<OrtException>(() => session.Run([("a", value), ("b", value)], ["total"]));

        Assert.Contains("total", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WrongInputShape_ThrowsInvalidArgument()
    {
        using var session = OrtSession.FromBytes(Models.Add());
        using OrtValue value = OrtValue.CreateTensor<float>(new float[4], [1, 4]);

        var ex = Assert.Throws<OrtException>(() => session.Run([("a", value), ("b", value)], ["sum"]));

        Assert.Equal(OrtErrorCode.InvalidArgument, ex.ErrorCode);
    }

    [Fact]
    public void Run_WrongInputElementType_ThrowsInvalidArgument()
    {
        using var session = OrtSession.FromBytes(Models.Add(TensorElementType.Float));
        using OrtValue value = OrtValue.CreateTensor<double>(new double[3], [1, 3]);

        var ex = Assert.Throws<OrtException>(() => session.Run([("a", value), ("b", value)], ["sum"]));

        Assert.Equal(OrtErrorCode.InvalidArgument, ex.ErrorCode);
    }

    [Fact]
    public void Run_PreallocatedOutputOfWrongShape_ThrowsOrtException()
    {
        using var session = OrtSession.FromBytes(Models.Add());
        using OrtValue value = OrtValue.CreateTensor<float>(new float[3], [1, 3]);
        using OrtValue output = OrtValue.Allocate<float>([2, 3]);

        Assert.Throws<OrtException>(() => session.Run([("a", value), ("b", value)], [("sum", output)]));
    }

    [Fact]
    public void Run_MissingInput_ThrowsOrtExceptionNamingItAndTheInputs()
    {
        using var session = OrtSession.FromBytes(Models.Add());
        using OrtValue value = OrtValue.CreateTensor<float>(new float[3], [1, 3]);

        var ex = Assert.Throws<OrtException>(() => session.Run([("a", value)], ["sum"]));

        Assert.Equal(OrtErrorCode.InvalidArgument, ex.ErrorCode);
        Assert.Contains("input 'b' was not given; the model's inputs are: a, b", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_NoOutputNames_ThrowsArgumentException()
    {
        using var session = OrtSession.FromBytes(Models.Add());

        Assert.Throws<ArgumentException>(() => session.Run([], Array.Empty<string>().AsSpan()));
    }

    [Fact]
    public void Run_DisposedSession_ThrowsObjectDisposed()
    {
        var session = OrtSession.FromBytes(Models.Add());
        using OrtValue value = OrtValue.CreateTensor<float>(new float[3], [1, 3]);
        session.Dispose();
        session.Dispose();

        Assert.True(session.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => session.Run([("a", value), ("b", value)], ["sum"]));
        Assert.Throws<ObjectDisposedException>(() => session.CreateIoBinding());
    }

    [Fact]
    public void Run_DisposedInput_ThrowsObjectDisposedNamingTheInput()
    {
        using var session = OrtSession.FromBytes(Models.Add());
        using OrtValue value = OrtValue.CreateTensor<float>(new float[3], [1, 3]);
        OrtValue disposed = OrtValue.CreateTensor<float>(new float[3], [1, 3]);
        disposed.Dispose();

        var ex = Assert.Throws<ObjectDisposedException>(() => session.Run([("a", value), ("b", disposed)], ["sum"]));

        Assert.Contains("'b'", ex.Message, StringComparison.Ordinal);
    }
}
