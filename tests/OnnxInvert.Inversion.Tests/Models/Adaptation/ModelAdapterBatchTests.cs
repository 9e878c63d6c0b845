using OnnxInvert.Inversion.Models.Adaptation;
using static OnnxInvert.Inversion.Tests.Models.Adaptation.AdaptationFixtures;

namespace OnnxInvert.Inversion.Tests.Models.Adaptation;

public sealed class ModelAdapterBatchTests
{
    [Fact]
    public void Adapt_FixedBatchOneWithBatchInReshape_MakesTheBatchSymbolicAndEverySampleMatchesTheOriginal()
    {
        var model = Load("fixed_batch1");
        var notices = new List<string>();

        var adapted = ModelAdapter.Adapt(model, Request("fixed_batch1"), notices.Add);

        Assert.Null(adapted.FixedBatch);
        Assert.Empty(notices);
        Assert.Contains(adapted.Changes, c => c.Contains("Reshape", StringComparison.Ordinal) && c.Contains("[1,3,6,6]", StringComparison.Ordinal));
        Assert.Contains(adapted.Changes, c => c.Contains("batches 1 and 5", StringComparison.Ordinal));
        Assert.Equal("batch", adapted.Model.Graph.Input[0].Type.TensorType.Shape.Dim[0].DimParam);
        foreach (int batch in new[] { 1, 5 })
        {
            var z = Gaussian(batch * 8, 10 + batch);
            var images = Run(adapted.Model, adapted.ImageOutput, ("z", z, [batch, 8]));
            Assert.Equal([batch, 3L, 6, 6], images.Dims);
            for (int i = 0; i < batch; i++)
            {
                var alone = Run(model, "image", ("z", z.AsSpan(i * 8, 8).ToArray(), [1, 8]));
                AssertClose(alone.Floats, Sample(images, i));
            }
        }
    }

    [Fact]
    public void Adapt_LearnedConstantsExpandedToABakedBatch_FollowTheInputBatchAndMatchTheOriginal()
    {
        var model = Load("fixed_batch1_const");
        var notices = new List<string>();

        var adapted = ModelAdapter.Adapt(model, Request("fixed_batch1_const"), notices.Add);

        Assert.Null(adapted.FixedBatch);
        Assert.Empty(notices);
        Assert.Equal(2, adapted.Changes.Count(c => c.StartsWith("Expand node", StringComparison.Ordinal)));
        Assert.Contains(adapted.Changes, c => c.StartsWith("Reshape node", StringComparison.Ordinal) && c.Contains("[1,4,1,1]", StringComparison.Ordinal));
        var z = Gaussian(5 * 8, 21);
        var images = Run(adapted.Model, adapted.ImageOutput, ("z", z, [5, 8]));
        Assert.Equal([5L, 3, 6, 6], images.Dims);
        for (int i = 0; i < 5; i++)
        {
            AssertClose(Run(model, "image", ("z", z.AsSpan(i * 8, 8).ToArray(), [1, 8])).Floats, Sample(images, i));
        }
    }

    [Fact]
    public void Adapt_FixedBatchOfFour_IsCheckedInChunksOfFourAndRunsAtAnyBatch()
    {
        var model = Load("fixed_batch4");

        var adapted = ModelAdapter.Adapt(model, Request("fixed_batch4"));

        Assert.Null(adapted.FixedBatch);
        Assert.Contains(adapted.Changes, c => c.Contains("[4,3,6,6]", StringComparison.Ordinal));
        var z = Gaussian(8 * 8, 22);
        var images = Run(adapted.Model, adapted.ImageOutput, ("z", z, [8, 8]));
        for (int chunk = 0; chunk < 2; chunk++)
        {
            var original = Run(model, "image", ("z", z.AsSpan(chunk * 32, 32).ToArray(), [4, 8]));
            AssertClose(original.Floats, images.Floats.AsSpan(chunk * 4 * 108, 4 * 108).ToArray());
        }

        Assert.Equal([3L, 3, 6, 6], Run(adapted.Model, adapted.ImageOutput, ("z", Gaussian(3 * 8, 23), [3, 8])).Dims);
    }

    [Fact]
    public void Adapt_FixedBatchWithRewritingDisabled_KeepsItAndSaysSo()
    {
        var notices = new List<string>();

        var adapted = ModelAdapter.Adapt(Load("fixed_batch1"), Request("fixed_batch1") with { RewriteFixedBatch = false }, notices.Add);

        Assert.Equal(1L, adapted.FixedBatch);
        Assert.Contains(notices, n => n.Contains("fixed batch of 1", StringComparison.Ordinal));
        Assert.Equal(1L, adapted.Model.Graph.Input[0].Type.TensorType.Shape.Dim[0].DimValue);
    }

    [Fact]
    public void Adapt_BatchBakedIntoAShapeTheRewriteCannotReach_KeepsTheFixedBatchAndSaysWhyTheCheckFailed()
    {
        var notices = new List<string>();

        var adapted = ModelAdapter.Adapt(Load("chw_fixed"), Request("chw_fixed"), notices.Add);

        Assert.Equal(1L, adapted.FixedBatch);
        Assert.Contains(adapted.Changes, c => c.StartsWith("kept the fixed batch of 1", StringComparison.Ordinal));
        string notice = Assert.Single(notices, n => n.Contains("could not be made symbolic", StringComparison.Ordinal));
        Assert.Contains("chw_fixed.onnx", notice, StringComparison.Ordinal);
        Assert.Contains("batch 5", notice, StringComparison.Ordinal);
    }

    [Fact]
    public void Adapt_DynamicBatch_IsLeftDynamicWithoutRewriting()
    {
        var adapted = ModelAdapter.Adapt(Load("sigmoid_transpose"), Request("sigmoid_transpose"));

        Assert.Null(adapted.FixedBatch);
        Assert.DoesNotContain(adapted.Changes, c => c.Contains("symbolic", StringComparison.Ordinal));
        var z = Gaussian(7 * 8, 12);
        Assert.Equal([7L, 3, 6, 6], Run(adapted.Model, adapted.ImageOutput, ("z", z, [7, 8])).Dims);
    }
}
