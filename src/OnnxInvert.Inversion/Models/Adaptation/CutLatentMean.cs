using OnnxInvert.Inversion.Priors;
using OnnxInvert.Onnx.Inspection;
using OnnxInvert.Runtime;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Inversion.Models.Adaptation;

/// <summary>
/// The mean of a cut-point latent over draws from the prior of the inputs that produce it (StyleGAN's w_avg): runs
/// the removed subgraph (<see cref="AdaptedLatent.Producer"/>) on <c>draws</c> samples and averages per element.
/// </summary>
public static class CutLatentMean
{
    /// <summary>The largest number of draws run in one call when the producer's batch is symbolic.</summary>
    public const int ChunkSize = 64;

    /// <summary>
    /// The per-sample mean of <paramref name="latent"/> (<see cref="AdaptedLatent.Size"/> values). Every float input
    /// of the producer is drawn from <paramref name="prior"/>; integer and boolean inputs (labels) are fed zeros.
    /// </summary>
    /// <exception cref="ArgumentException">The latent is not a cut point, or <paramref name="draws"/> is not positive.</exception>
    public static float[] Compute(AdaptedLatent latent, Prior prior, int draws, int seed = 0, SessionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(latent);
        ArgumentNullException.ThrowIfNull(prior);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(draws);
        var producer = latent.Producer ?? throw new ArgumentException($"latent '{latent.Name}' is a graph input, not a cut point; it has no producing subgraph", nameof(latent));
        var index = new GraphIndex(producer.Graph);
        var inputs = producer.Graph.Input.Where(i => index.Inputs.Contains(i.Name)).Select(ValueSignature.From).ToArray();
        var fixedBatch = inputs.Select(i => i.Rank is >= 1 ? i.FixedDim(0) : null).FirstOrDefault(d => d is not null);
        long chunk = fixedBatch ?? Math.Min(draws, ChunkSize);

        using var runner = ModelRunner.Open(producer, [], settings, $"the subgraph producing '{latent.Name}'");
        var random = new Random(seed);
        var sum = new double[latent.Size];
        for (long done = 0; done < draws; done += chunk)
        {
            var feeds = inputs.Select(i => Draw(i, chunk, prior, random)).ToArray();
            var values = runner.Run(feeds, [latent.Name], $"the subgraph producing '{latent.Name}'")[0];
            if (values.Count != chunk * latent.Size)
            {
                throw new ModelAdaptationException($"the subgraph producing '{latent.Name}' gives {values.Describe()} for {chunk} draws, not {chunk} × [{string.Join(",", latent.Shape)}]");
            }

            long used = Math.Min(chunk, draws - done);
            var data = values.Floats;
            for (long s = 0; s < used; s++)
            {
                for (int j = 0; j < sum.Length; j++)
                {
                    sum[j] += data[(s * sum.Length) + j];
                }
            }
        }

        return Array.ConvertAll(sum, v => (float)(v / draws));
    }

    private static HostTensor Draw(ValueSignature input, long chunk, Prior prior, Random random)
    {
        long[] dims = (input.Dims ?? []).Select((_, axis) => axis == 0 && input.FixedDim(0) is null ? chunk
            : input.FixedDim(axis) ?? throw new ModelAdaptationException($"input '{input.Name}' {input} has a symbolic dimension at axis {axis}")).ToArray();
        if (input.ElementType != DataType.Float)
        {
            return HostTensor.Probe(input.Name, input.ElementType, dims, random);
        }

        var values = new float[dims.Aggregate(1L, (a, d) => a * d)];
        prior.Sample(random, values);
        return new HostTensor(input.Name, DataType.Float, dims, values);
    }
}
