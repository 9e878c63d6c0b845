using OnnxInvert.Runtime.Tests.TestModels;

namespace OnnxInvert.Runtime.Tests;

public sealed class OrtSessionMetadataTests
{
    [Fact]
    public void Inputs_AddModel_ReportNamesTypesAndDynamicBatchAsMinusOne()
    {
        using var session = OrtSession.FromBytes(Models.Add());

        Assert.Equal(["a", "b"], session.Inputs.Select(i => i.Name));
        TensorMetadata a = session.Inputs[0];
        Assert.True(a.IsTensor);
        Assert.Equal(TensorElementType.Float, a.ElementType);
        Assert.Equal([-1L, 3L], a.Shape);
        Assert.Equal(["batch", null], a.SymbolicDimensions);
        Assert.True(a.HasDynamicDimensions);
        Assert.Equal("a: Float [batch,3]", a.ToString());
    }

    [Fact]
    public void Outputs_AddAndMulModel_ReportBothInDeclarationOrder()
    {
        using var session = OrtSession.FromBytes(Models.AddAndMul());

        Assert.Equal(["sum", "product"], session.Outputs.Select(o => o.Name));
        Assert.All(session.Outputs, o => Assert.Equal([-1L, 3L], o.Shape));
    }

    [Theory]
    [InlineData(TensorElementType.Float)]
    [InlineData(TensorElementType.Double)]
    [InlineData(TensorElementType.Int64)]
    public void Inputs_MatMulModel_ReportElementTypeAndExcludeInitializers(TensorElementType type)
    {
        using var session = OrtSession.FromBytes(Models.MatMul(type));

        TensorMetadata x = Assert.Single(session.Inputs);
        Assert.Equal(type, x.ElementType);
        Assert.Equal(type, Assert.Single(session.Outputs).ElementType);
    }

    [Fact]
    public void FromFile_ExistingModel_LoadsAndNamesTheFileAsSource()
    {
        string path = Path.Combine(Path.GetTempPath(), $"onnxinvert-add-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, Models.Add());
        try
        {
            using var session = OrtSession.FromFile(path);

            Assert.Contains(path, session.Source, StringComparison.Ordinal);
            Assert.Equal(2, session.Inputs.Count);
            Assert.Equal(ExecutionProvider.Cpu, session.Provider);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
