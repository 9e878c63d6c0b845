namespace OnnxInvert.Runtime.Tests.TestModels;

/// <summary>The tiny models the tests run.</summary>
internal static class Models
{
    /// <summary>sum = a + b, both [batch, 3].</summary>
    public static byte[] Add(TensorElementType type = TensorElementType.Float) =>
        new OnnxModelBuilder()
            .Input("a", type, "batch", 3)
            .Input("b", type, "batch", 3)
            .Node("Add", ["a", "b"], ["sum"])
            .Output("sum", type, "batch", 3)
            .Build();

    /// <summary>sum = a + b and product = a * b, both [batch, 3].</summary>
    public static byte[] AddAndMul() =>
        new OnnxModelBuilder()
            .Input("a", TensorElementType.Float, "batch", 3)
            .Input("b", TensorElementType.Float, "batch", 3)
            .Node("Add", ["a", "b"], ["sum"])
            .Node("Mul", ["a", "b"], ["product"])
            .Output("sum", TensorElementType.Float, "batch", 3)
            .Output("product", TensorElementType.Float, "batch", 3)
            .Build();

    /// <summary>y = x · W with x [batch, 2] and the initializer W = [[1,2,3],[4,5,6]].</summary>
    public static byte[] MatMul(TensorElementType type)
    {
        var builder = new OnnxModelBuilder().Input("x", type, "batch", 2);
        builder = type switch
        {
            TensorElementType.Float => builder.Initializer("w", type, new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3),
            TensorElementType.Double => builder.Initializer("w", type, new double[] { 1, 2, 3, 4, 5, 6 }, 2, 3),
            TensorElementType.Int64 => builder.Initializer("w", type, new long[] { 1, 2, 3, 4, 5, 6 }, 2, 3),
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };
        return builder.Node("MatMul", ["x", "w"], ["y"]).Output("y", type, "batch", 3).Build();
    }

    /// <summary>y = not x, x a bool vector of unknown length.</summary>
    public static byte[] Not() =>
        new OnnxModelBuilder()
            .Input("x", TensorElementType.Bool, "n")
            .Node("Not", ["x"], ["y"])
            .Output("y", TensorElementType.Bool, "n")
            .Build();

    /// <summary>A graph using an operator no runtime registers.</summary>
    public static byte[] UnknownOperator() =>
        new OnnxModelBuilder()
            .Input("x", TensorElementType.Float, 2)
            .Node("NoSuchOperator", ["x"], ["y"])
            .Output("y", TensorElementType.Float, 2)
            .Build();
}
