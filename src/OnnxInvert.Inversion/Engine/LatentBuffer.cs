using OnnxInvert.Inversion.Models;

namespace OnnxInvert.Inversion.Engine;

/// <summary>The values and gradients of one latent input over every slot, row per slot.</summary>
internal sealed class LatentBuffer
{
    public LatentBuffer(GeneratorLatent latent, int capacity)
    {
        Latent = latent;
        Size = latent.Size;
        Values = new float[capacity * Size];
        Gradients = new float[capacity * Size];
    }

    public GeneratorLatent Latent { get; }

    public int Size { get; }

    public float[] Values { get; }

    public float[] Gradients { get; }

    public Span<float> Value(int slot) => Values.AsSpan(slot * Size, Size);

    public Span<float> Gradient(int slot) => Gradients.AsSpan(slot * Size, Size);

    public void CopySlot(int from, int to)
    {
        Value(from).CopyTo(Value(to));
        Gradient(from).CopyTo(Gradient(to));
    }
}
