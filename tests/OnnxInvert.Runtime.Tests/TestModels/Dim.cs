namespace OnnxInvert.Runtime.Tests.TestModels;

/// <summary>A declared dimension: a size, or a symbolic name such as "batch".</summary>
internal readonly record struct Dim(long? Value, string? Symbol)
{
    public static implicit operator Dim(long value) => new(value, null);

    public static implicit operator Dim(string symbol) => new(null, symbol);
}
