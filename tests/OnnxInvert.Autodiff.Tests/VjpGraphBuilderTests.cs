using OnnxInvert.Autodiff.Analysis;
using OnnxInvert.Autodiff.Checking;
using OnnxInvert.Autodiff.Tests.Torch;
using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.IO;

namespace OnnxInvert.Autodiff.Tests;

public sealed class VjpGraphBuilderTests
{
    [Fact]
    public void Build_Generator_HasCotangentInputsAndGradientOutputs()
    {
        var model = OnnxModelReader.Read(TorchReferenceCase.Load("multi_latent").ModelPath);

        var vjp = VjpGraphBuilder.Build(model, ShapeProbe.Run(model), new GradientSpec(["z", "noise"], ["image"]));

        Assert.Equal(["z", "noise", "image_grad"], vjp.Graph.Input.Select(i => i.Name).Where(n => !vjp.Graph.Initializer.Any(t => t.Name == n)));
        Assert.Equal(["image", "z_grad", "noise_grad"], vjp.Graph.Output.Select(o => o.Name));
        Assert.Equal("batch", vjp.Graph.Input.Single(i => i.Name == "image_grad").Type.TensorType.Shape.Dim[0].DimParam);
    }

    [Theory]
    [InlineData("dcgan")]
    [InlineData("mnist_table1_batchstats")]
    [InlineData("skipnet")]
    public void Build_Generator_EmitsOnlyStandardOnnxOps(string name)
    {
        var model = OnnxModelReader.Read(TorchReferenceCase.Load(name).ModelPath);

        var vjp = VjpGraphBuilder.Build(model, ShapeProbe.Run(model), new GradientSpec(["z"], ["image"]));

        Assert.All(vjp.Graph.Node, n => Assert.True(n.Domain is "" or "ai.onnx", $"{n.OpType} is in domain '{n.Domain}'"));
        Assert.Equal(model.OpsetImport.Select(o => (o.Domain, o.Version)), vjp.OpsetImport.Select(o => (o.Domain, o.Version)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Build_Generator_RunsAtBatchSizesOtherThanTheProbes(int batch)
    {
        var model = OnnxModelReader.Read(TorchReferenceCase.Load("dcgan").ModelPath);
        var vjp = VjpGraphBuilder.Build(model, ShapeProbe.Run(model), new GradientSpec(["z"], ["image"]));
        using var runner = new ModelRunner(vjp);
        var z = HostTensor.Create(Enumerable.Range(0, batch * 16).Select(i => Math.Sin(i)).ToArray(), batch, 16);
        var v = HostTensor.Create(Enumerable.Range(0, batch * 3 * 16 * 16).Select(i => Math.Cos(i)).ToArray(), batch, 3, 16, 16);

        var result = runner.Run(new Dictionary<string, HostTensor> { ["z"] = z, ["image_grad"] = v }, ["z_grad"]);

        Assert.Equal([batch, 16L], result["z_grad"].Shape);
        Assert.Contains(result["z_grad"].Data, g => g != 0);
    }

    [Fact]
    public void Build_UnsupportedOpOnPath_NamesOpNodeAndPath()
    {
        var op = new OpModel(17).Latent("x", 2, 2).Node("Tanh", ["x"], "t").Node("Det", ["t"], "h").Node("Relu", ["h"], "y");
        var model = op.Build();

        var ex = Assert.Throws<GradientBuildException>(() => VjpGraphBuilder.Build(model, ShapeProbe.Run(model), op.Spec()));

        Assert.Equal("Det", ex.OpType);
        Assert.Equal("Det_1", ex.NodeName);
        Assert.Equal(["x", "Tanh node 'Tanh_0'", "Det node 'Det_1'"], ex.Path);
        Assert.Contains("Det node 'Det_1'", ex.Message);
        Assert.Contains("x -> Tanh node 'Tanh_0'", ex.Message);
    }

    [Fact]
    public void Build_UnsupportedOpOffThePath_IsIgnored()
    {
        var op = new OpModel(17).Latent("x", 4).Floats("c", [1, 2, 3, 4], 4).Node("Hardmax", ["c"], "h").Node("Mul", ["x", "h"], "y");
        var model = op.Build();

        var report = GradientChecker.Check(model, op.Spec());

        Assert.True(report.MaxRelativeError < (report.Precision == "float64" ? 1e-6 : 5e-3), $"{report.Precision}: {report.MaxRelativeError}");
    }

    [Fact]
    public void Build_LatentNotReachingOutput_GetsZeroGradient()
    {
        var op = new OpModel(17).Latent("x", 3).Latent("unused", 2).Node("Tanh", ["x"], "y");
        var model = op.Build();
        var vjp = VjpGraphBuilder.Build(model, ShapeProbe.Run(model), op.Spec());
        using var runner = new ModelRunner(vjp);

        var result = runner.Run(
            new Dictionary<string, HostTensor>
            {
                ["x"] = HostTensor.Create([1, 2, 3], 1, 3),
                ["unused"] = HostTensor.Create([5, 6], 1, 2),
                ["y_grad"] = HostTensor.Create([1, 1, 1], 1, 3),
            },
            ["unused_grad"]);

        Assert.Equal([0.0, 0.0], result["unused_grad"].Data);
    }

    [Fact]
    public void Build_UnknownLatent_ThrowsListingInputs()
    {
        var op = new OpModel(17).Latent("x", 3).Node("Tanh", ["x"], "y");
        var model = op.Build();

        var ex = Assert.Throws<GradientBuildException>(() => VjpGraphBuilder.Build(model, ShapeProbe.Run(model), new GradientSpec(["w"], ["y"])));

        Assert.Contains("'w' is not an input", ex.Message);
        Assert.Contains("x", ex.Message);
    }

    [Fact]
    public void Build_DoesNotModifyTheInputModel()
    {
        var model = OnnxModelReader.Read(TorchReferenceCase.Load("dcgan").ModelPath);
        byte[] before = OnnxModelWriter.ToBytes(model);

        VjpGraphBuilder.Build(model, ShapeProbe.Run(model), new GradientSpec(["z"], ["image"]));

        Assert.Equal(before, OnnxModelWriter.ToBytes(model));
    }

    [Fact]
    public void Classify_OpTypes_MarksDifferentiablePassThroughAndUnsupported()
    {
        Assert.Equal(OpSupport.Differentiable, GradientSupport.Classify("ConvTranspose"));
        Assert.Equal(OpSupport.PassThrough, GradientSupport.Classify("Shape"));
        Assert.Equal(OpSupport.Unsupported, GradientSupport.Classify("Det"));
        Assert.Equal(OpSupport.ZeroGradient, GradientSupport.Classify("Round"));
        Assert.Equal(OpSupport.ControlFlow, GradientSupport.Classify("Loop"));
        Assert.Equal(OpSupport.Unsupported, GradientSupport.Classify("FusedConv", "com.microsoft"));
        Assert.Contains("Resize", GradientSupport.DifferentiableOps);
    }
}
