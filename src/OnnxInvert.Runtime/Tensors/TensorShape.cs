namespace OnnxInvert.Runtime.Tensors;

/// <summary>Checks and formats the shapes of concrete tensors.</summary>
internal static class TensorShape
{
    /// <summary>The number of elements of <paramref name="shape"/>; throws for a negative dimension or an overflow.</summary>
    public static long ElementCount(ReadOnlySpan<long> shape, string paramName)
    {
        long count = 1;
        for (int axis = 0; axis < shape.Length; axis++)
        {
            long dim = shape[axis];
            if (dim < 0)
            {
                throw new ArgumentException(
                    $"Shape {Format(shape)} has dimension {dim} at axis {axis}; a tensor's dimensions must be 0 or more.", paramName);
            }

            try
            {
                count = checked(count * dim);
            }
            catch (OverflowException ex)
            {
                throw new ArgumentException($"Shape {Format(shape)} has more elements than fit in 64 bits.", paramName, ex);
            }
        }

        return count;
    }

    /// <summary>Throws unless <paramref name="dataLength"/> is the element count of <paramref name="shape"/>.</summary>
    public static void EnsureMatches(ReadOnlySpan<long> shape, long dataLength, string paramName)
    {
        long count = ElementCount(shape, paramName);
        if (count != dataLength)
        {
            throw new ArgumentException(
                $"Shape {Format(shape)} has {count} elements but the data has {dataLength}; they must be equal.", paramName);
        }
    }

    /// <summary>Formats a shape as <c>[2,3]</c>.</summary>
    public static string Format(ReadOnlySpan<long> shape) => $"[{string.Join(',', shape.ToArray())}]";
}
