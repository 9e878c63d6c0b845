using OnnxInvert.Runtime.Native;

namespace OnnxInvert.Runtime.Sessions;

/// <summary>
/// A session's input or output names, each also kept as NUL-terminated UTF-8 on the pinned object heap, so that a
/// run passes names to the runtime without encoding or allocating anything.
/// </summary>
internal sealed unsafe class NameTable
{
    private readonly string[] _names;
    private readonly byte[][] _utf8;
    private readonly nint[] _addresses;

    public NameTable(string[] names)
    {
        _names = names;
        _utf8 = new byte[names.Length][];
        _addresses = new nint[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            _utf8[i] = Utf8.ToPinnedArray(names[i]);
            _addresses[i] = (nint)Utf8.AddressOf(_utf8[i]);
        }
    }

    /// <summary>The names, in the model's order.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The number of names.</summary>
    public int Count => _names.Length;

    /// <summary>The UTF-8 address of name <paramref name="index"/>.</summary>
    public nint AddressAt(int index) => _addresses[index];

    /// <summary>The UTF-8 address of <paramref name="name"/>, or 0 when it is not in the table.</summary>
    public nint Find(string name)
    {
        string[] names = _names;
        for (int i = 0; i < names.Length; i++)
        {
            if (ReferenceEquals(names[i], name) || string.Equals(names[i], name, StringComparison.Ordinal))
            {
                return _addresses[i];
            }
        }

        return 0;
    }

    /// <summary>Whether <paramref name="address"/> is one of this table's names (and so must not be freed).</summary>
    public bool Owns(nint address) => Array.IndexOf(_addresses, address) >= 0;
}
