using System.Globalization;
using OnnxInvert.Onnx.Inspection;
using OnnxInvert.Onnx.Proto;
using OnnxInvert.Runtime;

namespace OnnxInvert.Inversion.Models.Adaptation;

/// <summary>
/// Checks a batch-rewritten graph against the fixed-batch graph it came from: both run on the same random inputs,
/// the rewritten one at two batch sizes, the fixed one per chunk of its own batch, and every sample must agree.
/// </summary>
internal static class BatchCheck
{
    /// <summary>Null when the graphs agree; otherwise why not, in words.</summary>
    public static string? Compare(ModelProto fixedModel, ModelProto candidate, long batch, string output, AdaptationRequest request)
    {
        using var reference = ModelRunner.Open(fixedModel, [], request.Session, $"{request.ModelName} (fixed batch)");
        ModelRunner rewritten;
        try
        {
            rewritten = ModelRunner.Open(candidate, [], request.Session, "the rewritten graph");
        }
        catch (ModelAdaptationException ex)
        {
            return ex.Message;
        }

        using (rewritten)
        {
            var index = new GraphIndex(fixedModel.Graph);
            var inputs = fixedModel.Graph.Input.Where(i => index.Inputs.Contains(i.Name)).ToArray();
            var random = new Random(20261201);
            foreach (int size in new[] { request.CheckBatches.First, request.CheckBatches.Second })
            {
                var feeds = inputs.Select(i => Feed(i, batch, size, random)).ToArray();
                HostTensor result;
                try
                {
                    result = rewritten.Run(feeds.Select(f => f.Tensor).ToArray(), [output], $"the rewritten graph at batch {size}")[0];
                }
                catch (ModelAdaptationException ex)
                {
                    return ex.Message;
                }

                if (result.Dims.Length == 0 || result.Dims[0] != size)
                {
                    return $"at batch {size} the rewritten graph gives {result.Describe()}";
                }

                long row = result.Count / size;
                for (long start = 0; start < size; start += batch)
                {
                    var chunk = feeds.Select(f => f.Batched ? f.Tensor.Rows(start, batch) : f.Tensor).ToArray();
                    var expected = reference.Run(chunk, [output], $"{request.ModelName} at its batch {batch}")[0].Floats;
                    long samples = Math.Min(batch, size - start);
                    for (long i = 0; i < samples * row; i++)
                    {
                        float want = expected[i], got = result.Floats[(start * row) + i];
                        float delta = Math.Abs(want - got);
                        if (!(delta <= request.CheckTolerance * Math.Max(1, Math.Abs(want))))
                        {
                            return string.Create(CultureInfo.InvariantCulture,
                                $"at batch {size}, sample {start + (i / row)} differs from the original by {delta:G3} (value {want:G5})");
                        }
                    }
                }
            }
        }

        return null;
    }

    private static (HostTensor Tensor, bool Batched) Feed(ValueInfoProto input, long batch, int size, Random random)
    {
        var signature = ValueSignature.From(input);
        long[] dims = (signature.Dims ?? throw new ModelAdaptationException($"input '{input.Name}' has no declared shape")).Select((_, axis) => signature.FixedDim(axis) ?? throw new ModelAdaptationException($"input '{input.Name}' {signature} has a symbolic dimension at axis {axis}")).ToArray();
        bool batched = dims.Length > 0 && dims[0] == batch;
        long[] fed = batched ? [size, .. dims[1..]] : dims;
        return (HostTensor.Probe(input.Name, signature.ElementType, fed, random), batched);
    }
}
