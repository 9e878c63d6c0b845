using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace OnnxInvert.Imaging;

/// <summary>The conversions the NPY reader applies on the way in: byte order, float16 widening, bool normalising,
/// and column-major (Fortran) to row-major (C) order.</summary>
internal static class NpyElementDecoder
{
    /// <summary>Converts <paramref name="raw"/> stored elements into <paramref name="destination"/>, the array's bytes.</summary>
    public static void Decode(ReadOnlySpan<byte> raw, NpyStorage storage, Span<byte> destination)
    {
        switch (storage.Encoding)
        {
            case NpyStoredEncoding.Native:
                raw.CopyTo(destination);
                break;
            case NpyStoredEncoding.ByteSwapped when storage.StoredSize == 4:
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, uint>(raw), MemoryMarshal.Cast<byte, uint>(destination));
                break;
            case NpyStoredEncoding.ByteSwapped when storage.StoredSize == 8:
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ulong>(raw), MemoryMarshal.Cast<byte, ulong>(destination));
                break;
            case NpyStoredEncoding.Float16 or NpyStoredEncoding.Float16ByteSwapped:
                WidenHalves(raw, storage.Encoding == NpyStoredEncoding.Float16ByteSwapped, MemoryMarshal.Cast<byte, float>(destination));
                break;
            case NpyStoredEncoding.Bool:
                for (int i = 0; i < raw.Length; i++)
                {
                    destination[i] = raw[i] == 0 ? (byte)0 : (byte)1;
                }

                break;
            default:
                throw new InvalidOperationException($"No decoding for {storage}.");
        }
    }

    /// <summary>A C-order copy of <paramref name="fortran"/>, whose elements are in column-major order (first axis
    /// fastest). Arrays with at most one dimension longer than 1 are the same in both orders and returned as they are.</summary>
    public static NpyArray FortranToC(NpyArray fortran)
    {
        int[] shape = [.. fortran.Shape];
        if (shape.Count(d => d > 1) <= 1)
        {
            return fortran;
        }

        NpyArray c = NpyArray.Allocate(fortran.DataType, shape, fortran.Length);
        ReadOnlySpan<byte> source = fortran.DangerousGetBytes();
        Span<byte> destination = c.DangerousGetBytes();
        switch (fortran.ElementSize)
        {
            case 1:
                Reorder(source, destination, shape);
                break;
            case 4:
                Reorder(MemoryMarshal.Cast<byte, uint>(source), MemoryMarshal.Cast<byte, uint>(destination), shape);
                break;
            default:
                Reorder(MemoryMarshal.Cast<byte, ulong>(source), MemoryMarshal.Cast<byte, ulong>(destination), shape);
                break;
        }

        return c;
    }

    private static void WidenHalves(ReadOnlySpan<byte> raw, bool bigEndian, Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            ReadOnlySpan<byte> bytes = raw.Slice(i * 2, 2);
            ushort bits = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes);
            destination[i] = (float)BitConverter.UInt16BitsToHalf(bits);
        }
    }

    /// <summary>Walks the C-order index of <paramref name="destination"/> like an odometer (last axis fastest) while
    /// tracking the matching column-major offset into <paramref name="source"/>.</summary>
    private static void Reorder<T>(ReadOnlySpan<T> source, Span<T> destination, int[] shape)
    {
        int rank = shape.Length;
        Span<long> strides = stackalloc long[rank];
        Span<int> index = stackalloc int[rank];
        long stride = 1;
        for (int k = 0; k < rank; k++)
        {
            strides[k] = stride;
            stride *= shape[k];
        }

        long offset = 0;
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = source[(int)offset];
            for (int k = rank - 1; k >= 0; k--)
            {
                offset += strides[k];
                if (++index[k] < shape[k])
                {
                    break;
                }

                offset -= strides[k] * shape[k];
                index[k] = 0;
            }
        }
    }
}
