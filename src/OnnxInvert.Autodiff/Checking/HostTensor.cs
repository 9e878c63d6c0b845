namespace OnnxInvert.Autodiff.Checking;

/// <summary>A dense tensor in managed memory, held in float64 whatever the model computes in.</summary>
public sealed record HostTensor(double[] Data, long[] Shape)
{
    /// <summary>Creates a tensor, checking that the data fills the shape.</summary>
    public static HostTensor Create(double[] data, params long[] shape)
    {
        long count = shape.Aggregate(1L, (a, d) => a * d);
        return count == data.LongLength ? new HostTensor(data, shape)
            : throw new ArgumentException($"{data.Length} values do not fill shape [{string.Join(",", shape)}] ({count})");
    }

    /// <summary>The inner product with a tensor of the same size.</summary>
    public double Dot(HostTensor other)
    {
        if (other.Data.Length != Data.Length)
        {
            throw new ArgumentException($"cannot take the inner product of {Data.Length} and {other.Data.Length} values");
        }

        double sum = 0;
        for (int i = 0; i < Data.Length; i++)
        {
            sum += Data[i] * other.Data[i];
        }

        return sum;
    }

    /// <summary>this + scale · direction.</summary>
    public HostTensor Step(HostTensor direction, double scale) =>
        this with { Data = Data.Select((v, i) => v + (scale * direction.Data[i])).ToArray() };
}
