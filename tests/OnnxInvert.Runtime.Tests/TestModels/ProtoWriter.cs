using System.Text;

namespace OnnxInvert.Runtime.Tests.TestModels;

/// <summary>Writes protobuf wire format by hand: varints, length-delimited fields and nested messages.</summary>
internal sealed class ProtoWriter
{
    private readonly MemoryStream _buffer = new();

    public ProtoWriter Varint(int field, long value)
    {
        Tag(field, wireType: 0);
        Raw((ulong)value);
        return this;
    }

    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, wireType: 2);
        Raw((ulong)value.Length);
        _buffer.Write(value);
        return this;
    }

    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Message(int field, Action<ProtoWriter> write)
    {
        var nested = new ProtoWriter();
        write(nested);
        return Bytes(field, nested.ToArray());
    }

    public byte[] ToArray() => _buffer.ToArray();

    private void Tag(int field, int wireType) => Raw((ulong)((field << 3) | wireType));

    private void Raw(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        _buffer.WriteByte((byte)value);
    }
}
