using OnnxInvert.Runtime.Native;

namespace OnnxInvert.Runtime.Sessions;

/// <summary>Reads a session's declared inputs or outputs: names, element types, dimensions and dimension names.</summary>
internal static unsafe class SessionDescriber
{
    /// <summary>Describes every input (<paramref name="outputs"/> false) or output of <paramref name="session"/>.</summary>
    public static TensorMetadata[] Describe(OrtApiTable api, nint session, bool outputs, string source)
    {
        string role = outputs ? "output" : "input";
        nuint count;
        api.Check(
            outputs ? api.SessionGetOutputCount(session, &count) : api.SessionGetInputCount(session, &count),
            $"counting the {role}s of {source}");
        nint allocator;
        api.Check(api.GetAllocatorWithDefaultOptions(&allocator), "getting the default CPU allocator");

        var result = new TensorMetadata[(int)count];
        for (nuint i = 0; i < count; i++)
        {
            string name = ReadName(api, session, i, allocator, outputs, $"reading the name of {role} {i} of {source}");
            nint typeInfo;
            api.Check(
                outputs ? api.SessionGetOutputTypeInfo(session, i, &typeInfo) : api.SessionGetInputTypeInfo(session, i, &typeInfo),
                $"reading the type of {role} '{name}' of {source}");
            try
            {
                result[(int)i] = ReadType(api, typeInfo, name, $"reading the type of {role} '{name}' of {source}");
            }
            finally
            {
                api.ReleaseTypeInfo(typeInfo);
            }
        }

        return result;
    }

    private static string ReadName(OrtApiTable api, nint session, nuint index, nint allocator, bool outputs, string doing)
    {
        byte* name;
        api.Check(
            outputs ? api.SessionGetOutputName(session, index, allocator, &name) : api.SessionGetInputName(session, index, allocator, &name),
            doing);
        try
        {
            return Utf8.Read(name) ?? string.Empty;
        }
        finally
        {
            api.Check(api.AllocatorFree(allocator, name), doing);
        }
    }

    private static TensorMetadata ReadType(OrtApiTable api, nint typeInfo, string name, string doing)
    {
        OnnxValueType kind;
        api.Check(api.GetOnnxTypeFromTypeInfo(typeInfo, &kind), doing);
        nint tensorInfo = 0;
        if (kind == OnnxValueType.Tensor)
        {
            api.Check(api.CastTypeInfoToTensorInfo(typeInfo, &tensorInfo), doing);
        }

        if (tensorInfo == 0)
        {
            return new TensorMetadata(name, isTensor: false, TensorElementType.Undefined, [], []);
        }

        // tensorInfo is borrowed from typeInfo: not released here.
        TensorElementType type;
        api.Check(api.GetTensorElementType(tensorInfo, &type), doing);
        nuint rank;
        api.Check(api.GetDimensionsCount(tensorInfo, &rank), doing);
        long[] dims = new long[(int)rank];
        var symbols = new string?[(int)rank];
        if (rank > 0)
        {
            Span<nint> names = rank <= 16 ? stackalloc nint[(int)rank] : new nint[(int)rank];
            fixed (long* d = dims)
            fixed (nint* n = names)
            {
                api.Check(api.GetDimensions(tensorInfo, d, rank), doing);
                api.Check(api.GetSymbolicDimensions(tensorInfo, (byte**)n, rank), doing);
            }

            for (int axis = 0; axis < dims.Length; axis++)
            {
                string? symbol = Utf8.Read((byte*)names[axis]);
                symbols[axis] = string.IsNullOrEmpty(symbol) ? null : symbol;
            }
        }

        return new TensorMetadata(name, isTensor: true, type, dims, symbols);
    }
}
