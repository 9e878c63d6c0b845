using OnnxInvert.Runtime;

namespace OnnxInvert.Inversion.Models;

/// <summary>
/// Typed storage for a condition input over a number of slots (images), and runtime values over its leading rows:
/// rows are written from <see cref="ConditionRows"/>, converted to the input's element type without allocating.
/// </summary>
internal abstract class ConditionTensor
{
    private protected ConditionTensor(GeneratorInput input, int slots, int rowLength)
    {
        Input = input;
        RowLength = rowLength;
        Slots = input.Batched ? slots : 1;
    }

    public GeneratorInput Input { get; }

    public int RowLength { get; }

    /// <summary>Rows held (1 for an input without a batch axis).</summary>
    public int Slots { get; }

    public static bool Supports(TensorElementType type) => type is TensorElementType.Float or TensorElementType.Double or TensorElementType.Float16
        or TensorElementType.Int64 or TensorElementType.Int32 or TensorElementType.Int16 or TensorElementType.Int8 or TensorElementType.UInt8 or TensorElementType.Bool;

    /// <summary>Storage for <paramref name="slots"/> rows of <paramref name="input"/>.</summary>
    public static ConditionTensor Create(GeneratorInput input, int slots)
    {
        int rowLength = ConditionRows.RowLengthOf(input);
        return input.ElementType switch
        {
            TensorElementType.Float => new Typed<float>(input, slots, rowLength, v => (float)v),
            TensorElementType.Double => new Typed<double>(input, slots, rowLength, v => v),
            TensorElementType.Float16 => new Typed<Half>(input, slots, rowLength, v => (Half)v),
            TensorElementType.Int64 => new Typed<long>(input, slots, rowLength, v => (long)v),
            TensorElementType.Int32 => new Typed<int>(input, slots, rowLength, v => (int)v),
            TensorElementType.Int16 => new Typed<short>(input, slots, rowLength, v => (short)v),
            TensorElementType.Int8 => new Typed<sbyte>(input, slots, rowLength, v => (sbyte)v),
            TensorElementType.UInt8 => new Typed<byte>(input, slots, rowLength, v => (byte)v),
            TensorElementType.Bool => new Typed<bool>(input, slots, rowLength, v => v != 0),
            _ => throw new ArgumentException($"condition input {input.Describe()}: element type {input.ElementType} cannot be fed"),
        };
    }

    /// <summary>Writes <paramref name="row"/> into slot <paramref name="slot"/> (slot 0 for an input without a batch axis).</summary>
    public abstract void WriteRow(int slot, ReadOnlySpan<double> row);

    /// <summary>Copies slot <paramref name="from"/>'s row to slot <paramref name="to"/>.</summary>
    public abstract void CopySlot(int from, int to);

    /// <summary>A runtime value over the first <paramref name="size"/> rows (the whole scalar without a batch axis).</summary>
    public abstract OrtValue CreateValue(int size);

    private sealed class Typed<T> : ConditionTensor
        where T : unmanaged
    {
        private readonly Func<double, T> _convert;
        private readonly T[] _data;

        public Typed(GeneratorInput input, int slots, int rowLength, Func<double, T> convert)
            : base(input, slots, rowLength)
        {
            _convert = convert;
            _data = new T[Slots * rowLength];
        }

        public override void WriteRow(int slot, ReadOnlySpan<double> row)
        {
            var destination = _data.AsSpan(Input.Batched ? slot * RowLength : 0, RowLength);
            for (int i = 0; i < destination.Length; i++)
            {
                destination[i] = _convert(row[i]);
            }
        }

        public override void CopySlot(int from, int to)
        {
            if (Input.Batched)
            {
                _data.AsSpan(from * RowLength, RowLength).CopyTo(_data.AsSpan(to * RowLength, RowLength));
            }
        }

        public override OrtValue CreateValue(int size)
        {
            if (!Input.Batched)
            {
                return OrtValue.CreateTensor<T>(_data.AsMemory(), []);
            }

            long[] dims = [size, .. Input.Dims!.Skip(1)];
            return OrtValue.CreateTensor<T>(_data.AsMemory(0, size * RowLength), dims);
        }
    }
}
