using System.Runtime.InteropServices;

namespace OnnxInvert.Runtime.Providers;

/// <summary>Provider option keys and values as two native arrays of NUL-terminated UTF-8 strings, freed on dispose.</summary>
internal sealed unsafe class OptionStrings : IDisposable
{
    private readonly nint[] _keys;
    private readonly nint[] _values;
    private readonly GCHandle _keysPin;
    private readonly GCHandle _valuesPin;

    public OptionStrings(IReadOnlyList<KeyValuePair<string, string>> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _keys = new nint[Math.Max(options.Count, 1)];
        _values = new nint[Math.Max(options.Count, 1)];
        Count = (nuint)options.Count;
        for (int i = 0; i < options.Count; i++)
        {
            _keys[i] = Marshal.StringToCoTaskMemUTF8(options[i].Key);
            _values[i] = Marshal.StringToCoTaskMemUTF8(options[i].Value);
        }

        _keysPin = GCHandle.Alloc(_keys, GCHandleType.Pinned);
        _valuesPin = GCHandle.Alloc(_values, GCHandleType.Pinned);
    }

    /// <summary>The number of options.</summary>
    public nuint Count { get; }

    /// <summary>The keys (<c>const char* const*</c>), valid until dispose.</summary>
    public byte** Keys => (byte**)_keysPin.AddrOfPinnedObject();

    /// <summary>The values (<c>const char* const*</c>), valid until dispose.</summary>
    public byte** Values => (byte**)_valuesPin.AddrOfPinnedObject();

    /// <inheritdoc />
    public void Dispose()
    {
        _keysPin.Free();
        _valuesPin.Free();
        foreach (nint p in _keys.Concat(_values))
        {
            Marshal.FreeCoTaskMem(p);
        }
    }
}
