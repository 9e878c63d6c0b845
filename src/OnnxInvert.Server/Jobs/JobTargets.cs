using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Jobs;

namespace OnnxInvert.Server.Jobs;

/// <summary>A job's images as the job layer's <see cref="TargetSource"/> (its run folder reads names and targets from it).</summary>
internal sealed class JobTargets(string path, string id, JobRequest request) : TargetSource
{
    /// <inheritdoc />
    public override string Path => path;

    /// <inheritdoc />
    public override int Count => request.Count;

    /// <inheritdoc />
    public override string Name(int index) => $"{id}/{index}";

    /// <inheritdoc />
    public override InversionTargets Read(IReadOnlyList<int> indices, float[]? initialLatents = null)
    {
        int length = request.ImageLength;
        var data = new float[indices.Count * length];
        for (int k = 0; k < indices.Count; k++)
        {
            request.Image(indices[k]).CopyTo(data.AsSpan(k * length, length));
        }

        return new InversionTargets(data, indices.Count, [.. indices.Select(Name)], indices, initialLatents);
    }
}
