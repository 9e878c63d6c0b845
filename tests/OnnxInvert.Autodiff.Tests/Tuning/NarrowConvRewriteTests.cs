using OnnxInvert.Autodiff.Checking;
using OnnxInvert.Autodiff.Tuning;
using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Tests.Tuning;

public sealed class NarrowConvRewriteTests
{
    public static TheoryData<string, long, long, AttributeProto[]> Rewritten => new()
    {
        { "one output, bias, same pads", 1, 16, [Attr.Ints("pads", 2, 2, 2, 2)] },
        { "three outputs, stride 2, dilation", 3, 32, [Attr.Ints("strides", 2, 2), Attr.Ints("dilations", 2, 1), Attr.Ints("pads", 1, 0, 2, 1)] },
        { "four outputs, auto_pad", 4, 16, [Attr.String("auto_pad", "SAME_UPPER")] },
    };

    [Theory]
    [MemberData(nameof(Rewritten))]
    public void Apply_NarrowConv_SameOutputThroughDepthwiseConvs(string name, long outputs, long inputs, AttributeProto[] attributes)
    {
        var original = new OpModel(17).Latent("x", inputs, 9, 8).Random("w", [outputs, inputs, 5, 3]).Random("b", [outputs])
            .Node("Conv", ["x", "w", "b"], "y", attributes).Build();
        var rewritten = original.Clone();

        int count = NarrowConvRewrite.Apply(rewritten);

        Assert.Equal(1, count);
        Assert.Equal(outputs, rewritten.Graph.Node.Count(n => n.OpType == "Conv" && n.Attribute.Any(a => a.Name == "group" && a.I == inputs)));
        Assert.DoesNotContain(rewritten.Graph.Node, n => n.OpType == "Conv" && !n.Attribute.Any(a => a.Name == "group"));
        var x = HostTensor.Create(Enumerable.Range(0, (int)(2 * inputs * 72)).Select(i => Math.Sin(i * 0.37)).ToArray(), 2, inputs, 9, 8);
        using var before = new ModelRunner(original);
        using var after = new ModelRunner(rewritten);
        var expected = before.Run(new Dictionary<string, HostTensor> { ["x"] = x }, ["y"])["y"];
        var actual = after.Run(new Dictionary<string, HostTensor> { ["x"] = x }, ["y"])["y"];
        Assert.Equal(expected.Shape, actual.Shape);
        double scale = expected.Data.Max(Math.Abs);
        Assert.All(expected.Data.Zip(actual.Data), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-5 * scale, $"{name}: {p.First} vs {p.Second}"));
    }

    [Theory]
    [InlineData(8, 16, 1)]
    [InlineData(1, 12, 1)]
    [InlineData(2, 32, 2)]
    public void Apply_WideOutputFewInputsOrGroups_LeavesTheConv(long outputs, long inputs, long group)
    {
        var model = new OpModel(17).Latent("x", inputs, 6, 6).Random("w", [outputs, inputs / group, 3, 3])
            .Node("Conv", ["x", "w"], "y", Attr.Int("group", group)).Build();
        var before = model.Clone();

        Assert.Equal(0, NarrowConvRewrite.Apply(model));
        Assert.Equal(before, model);
    }

    [Fact]
    public void Apply_WeightComputedAtRunTime_LeavesTheConv()
    {
        var model = new OpModel(17).Latent("x", 16, 6, 6).FixedLatent("w", 1, 16, 3, 3).Node("Conv", ["x", "w"], "y").Build();

        Assert.Equal(0, NarrowConvRewrite.Apply(model));
    }
}
