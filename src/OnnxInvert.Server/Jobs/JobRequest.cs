namespace OnnxInvert.Server.Jobs;

/// <summary>
/// What a client asked for: the images (count × image length floats in the generator's output range), the inversion
/// options as text (CLI flag names without dashes), the priority, the deadline and the idempotency key.
/// </summary>
internal sealed record JobRequest(
    float[] Images,
    int Count,
    IReadOnlyDictionary<string, string> Options,
    JobPriority Priority,
    double? DeadlineSeconds,
    string? IdempotencyKey)
{
    public int ImageLength => Images.Length / Count;

    public ReadOnlySpan<float> Image(int index) => Images.AsSpan(index * ImageLength, ImageLength);

    /// <summary>Image <paramref name="index"/>'s values without a copy (the request's images never change).</summary>
    public ReadOnlyMemory<float> Memory(int index) => Images.AsMemory(index * ImageLength, ImageLength);
}
