using OnnxInvert.BackendRoundTrip.Suite;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Conformance.Tests.Suite;

public sealed class ModelExecutionTests
{
    private readonly ModelExecution _execution = new(BackendSuite.Settings);

    [Fact]
    public void Run_OurBytesOfTestAdd_MatchTheExpectedOutput()
    {
        BackendCase add = BackendTestData.Case("test_add");
        var roundTrip = ModelRoundTrip.Run(add.ModelPath);

        RunAttempt attempt = _execution.Run(roundTrip.OurBytes, CaseData.Load(add, GraphInterface.Of(roundTrip.Model)));

        Assert.True(attempt.Succeeded, attempt.Failure);
    }

    [Fact]
    public void Run_TestAddWithItsNodeTurnedIntoSub_FailsOnTheOutputs()
    {
        BackendCase add = BackendTestData.Case("test_add");
        ModelProto model = OnnxModelReader.Read(add.ModelPath);
        model.Graph.Node.Single().OpType = "Sub";

        RunAttempt attempt = _execution.Run(OnnxModelWriter.ToBytes(model), CaseData.Load(add, GraphInterface.Of(model)));

        Assert.False(attempt.Succeeded);
        Assert.StartsWith("outputs: output 'sum'", attempt.Failure);
    }

    [Fact]
    public void Run_BytesThatAreNotAModel_FailsToLoad()
    {
        BackendCase add = BackendTestData.Case("test_add");
        var roundTrip = ModelRoundTrip.Run(add.ModelPath);

        RunAttempt attempt = _execution.Run([1, 2, 3], CaseData.Load(add, GraphInterface.Of(roundTrip.Model)));

        Assert.StartsWith("load: ", attempt.Failure);
    }
}
