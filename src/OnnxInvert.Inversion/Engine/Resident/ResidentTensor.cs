using OnnxInvert.Runtime;

namespace OnnxInvert.Inversion.Engine.Resident;

/// <summary>
/// One objective input or output kept in the session's memory, mirroring a host buffer row per slot (or whole, for an
/// input without a batch axis): rows are copied up or down with bindings made the first time each is used and reused
/// after, rows are copied between slots on the device, and views over leading rows are bound to the objective run.
/// </summary>
internal sealed class ResidentTensor : IDisposable
{
    private readonly DeviceCopier _copier;
    private readonly OrtValue _host;
    private readonly OrtIoBinding?[] _uploads;
    private readonly OrtIoBinding?[] _downloads;
    private readonly Dictionary<int, OrtIoBinding> _leadingDownloads = [];
    private readonly List<OrtValue> _views = [];

    /// <summary>Copies <paramref name="host"/> (which this takes and disposes) up once; <paramref name="batched"/> says whether its leading axis is the slot.</summary>
    public ResidentTensor(DeviceCopier copier, OrtValue host, bool batched)
    {
        _copier = copier;
        _host = host;
        Batched = batched;
        Device = copier.Upload(host);
        int rows = batched ? (int)host.Shape[0] : 1;
        RowBytes = host.ByteCount / rows;
        _uploads = new OrtIoBinding?[rows];
        _downloads = new OrtIoBinding?[rows];
    }

    /// <summary>Whether the leading axis is the slot (false: one value shared by every slot).</summary>
    public bool Batched { get; }

    /// <summary>The tensor in the session's memory.</summary>
    public OrtValue Device { get; }

    /// <summary>Bytes of one slot's row (the whole tensor when not batched).</summary>
    public long RowBytes { get; }

    /// <summary>Copies slot <paramref name="slot"/>'s host row up (the whole tensor when not batched); returns the bytes.</summary>
    public long Upload(int slot)
    {
        int row = Batched ? slot : 0;
        (_uploads[row] ??= Batched ? Bind(_host, Device, row, 1) : _copier.Bind(_host, Device)).Run();
        return RowBytes;
    }

    /// <summary>Copies slot <paramref name="slot"/>'s row down into the host buffer; returns the bytes.</summary>
    public long Download(int slot)
    {
        (_downloads[slot] ??= Bind(Device, _host, slot, 1)).Run();
        return RowBytes;
    }

    /// <summary>Copies the first <paramref name="count"/> rows down into the host buffer; returns the bytes.</summary>
    public long DownloadLeading(int count)
    {
        if (!_leadingDownloads.TryGetValue(count, out var binding))
        {
            binding = Bind(Device, _host, 0, count);
            _leadingDownloads[count] = binding;
        }

        binding.Run();
        return RowBytes * count;
    }

    /// <summary>Copies row <paramref name="from"/> to row <paramref name="to"/> on the device (nothing crosses to the host).</summary>
    public void CopyRow(int from, int to)
    {
        if (!Batched)
        {
            return;
        }

        using var source = Device.SliceRows(from, 1);
        using var destination = Device.SliceRows(to, 1);
        _copier.Copy(source, destination);
    }

    /// <summary>The device rows [offset, offset + size) to bind to a run (the whole tensor when not batched); kept until disposal.</summary>
    public OrtValue Rows(int offset, int size)
    {
        if (!Batched)
        {
            return Device;
        }

        var view = Device.SliceRows(offset, size);
        _views.Add(view);
        return view;
    }

    public void Dispose()
    {
        foreach (var binding in _uploads.Concat(_downloads).Concat(_leadingDownloads.Values))
        {
            binding?.Dispose();
        }

        foreach (var view in _views)
        {
            view.Dispose();
        }

        Device.Dispose();
        _host.Dispose();
    }

    /// <summary>A reusable copy of rows [start, start + count) of <paramref name="source"/> into the same rows of <paramref name="destination"/>.</summary>
    private OrtIoBinding Bind(OrtValue source, OrtValue destination, int start, int count)
    {
        // The binding holds its own references to the views, so they are released here.
        using var from = source.SliceRows(start, count);
        using var to = destination.SliceRows(start, count);
        return _copier.Bind(from, to);
    }
}
