using System.Globalization;
using OnnxInvert.Runtime;

namespace OnnxInvert.Inversion.Models;

/// <summary>
/// A <see cref="ConditionValue"/> checked against the input it feeds: the row each image gets, with values that fit
/// the input's element type.
/// </summary>
internal sealed class ConditionRows
{
    private readonly double[] _values;

    private ConditionRows(GeneratorInput input, double[] values, int rowLength, bool shared)
    {
        Input = input;
        _values = values;
        RowLength = rowLength;
        Shared = shared;
    }

    public GeneratorInput Input { get; }

    /// <summary>Values per image (1 for a scalar input).</summary>
    public int RowLength { get; }

    /// <summary>Whether every image gets the same row.</summary>
    public bool Shared { get; }

    /// <summary>How many rows were given (1 when shared).</summary>
    public int Count => _values.Length / RowLength;

    /// <summary>Checks <paramref name="value"/> against <paramref name="input"/>.</summary>
    /// <exception cref="ArgumentException">The input has a symbolic or unsupported shape or type, or the value's rows
    /// do not fit it; the message names the input, its type and shape.</exception>
    public static ConditionRows Resolve(GeneratorInput input, ConditionValue value)
    {
        int rowLength = RowLengthOf(input);
        double[] values;
        bool shared;
        if (value.IsScalar)
        {
            values = new double[rowLength];
            Array.Fill(values, value.Values[0]);
            shared = true;
        }
        else
        {
            if (value.Values.Count % rowLength != 0 || value.Values.Count / rowLength != value.Rows)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"condition input {input.Describe()} takes {rowLength} value(s) per image; the value given has {value.Rows} row(s) of {value.RowLength}"));
            }

            values = [.. value.Values];
            shared = value.Rows == 1;
            if (!input.Batched && !shared)
            {
                throw new ArgumentException($"condition input {input.Describe()} has no batch axis; it takes one value, not a row per image");
            }
        }

        foreach (double v in values)
        {
            CheckFits(input, v);
        }

        return new ConditionRows(input, values, rowLength, shared);
    }

    /// <summary>
    /// An input whose value comes with each target (a CSV manifest's column) and has no value of its own: it has no
    /// rows, and a target without a value for it is an error (<see cref="PerTarget"/>).
    /// </summary>
    public static ConditionRows ForEachTarget(GeneratorInput input) => new(input, [], RowLengthOf(input), shared: false) { PerTarget = true };

    /// <summary>Whether the value comes with each target only (<see cref="ForEachTarget"/>).</summary>
    public bool PerTarget { get; private init; }

    /// <summary>The row of image <paramref name="position"/> (the shared row when <see cref="Shared"/>).</summary>
    public ReadOnlySpan<double> Row(int position) => Shared ? _values : _values.AsSpan(position * RowLength, RowLength);

    /// <summary>Checks that a row is given for each of <paramref name="images"/> images.</summary>
    /// <exception cref="ArgumentException">The rows are neither shared nor one per image.</exception>
    public void CheckCount(int images)
    {
        if (PerTarget)
        {
            throw new ArgumentException($"condition input {Input.Describe()} takes its value from each target (a CSV manifest's column); these targets give none");
        }

        if (!Shared && Count != images)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"condition input {Input.Describe()} was given {Count} rows; it needs one row shared by every image or one per image ({images})"));
        }
    }

    /// <summary>Values per image of <paramref name="input"/>.</summary>
    /// <exception cref="ArgumentException">A non-batch dimension is symbolic, or the element type cannot be fed.</exception>
    public static int RowLengthOf(GeneratorInput input)
    {
        if (!ConditionTensor.Supports(input.ElementType))
        {
            throw new ArgumentException($"condition input {input.Describe()}: element type {input.ElementType} cannot be fed (float, double, float16, int64, int32, int16, int8, uint8 or bool)");
        }

        if (input.Dims is null)
        {
            throw new ArgumentException($"condition input {input.Describe()} has no declared shape, so its values cannot be laid out");
        }

        long length = 1;
        for (int axis = 1; axis < input.Dims.Count; axis++)
        {
            if (input.Dims[axis] < 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"condition input {input.Describe()} has a symbolic dimension at axis {axis}; only the batch axis may be symbolic"));
            }

            length *= input.Dims[axis];
        }

        return checked((int)length);
    }

    private static void CheckFits(GeneratorInput input, double v)
    {
        (double low, double high, bool whole) = input.ElementType switch
        {
            TensorElementType.Bool => (0, 1, true),
            TensorElementType.UInt8 => (byte.MinValue, byte.MaxValue, true),
            TensorElementType.Int8 => (sbyte.MinValue, sbyte.MaxValue, true),
            TensorElementType.Int16 => (short.MinValue, short.MaxValue, true),
            TensorElementType.Int32 => (int.MinValue, int.MaxValue, true),
            TensorElementType.Int64 => (-9.2233720368547758E18, 9.2233720368547758E18, true),
            _ => (double.NegativeInfinity, double.PositiveInfinity, false),
        };
        if (!(v >= low && v <= high) || (whole && Math.Floor(v) != v))
        {
            string what = input.ElementType == TensorElementType.Bool ? "0 or 1" : whole ? $"a whole number in [{low}, {high}]" : "a number";
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"condition input {input.Describe()} takes {what}; got {v}"));
        }
    }
}
