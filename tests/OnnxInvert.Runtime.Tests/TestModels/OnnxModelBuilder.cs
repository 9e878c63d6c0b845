using System.Runtime.InteropServices;

namespace OnnxInvert.Runtime.Tests.TestModels;

/// <summary>
/// Builds a small ONNX <c>ModelProto</c> as raw protobuf bytes (IR version 8, default-domain opset 17) without any
/// ONNX library: ModelProto{ir_version=1, graph=7, opset_import=8}, GraphProto{node=1, name=2, initializer=5,
/// input=11, output=12}, NodeProto{input=1, output=2, name=3, op_type=4}, ValueInfoProto{name=1, type=2},
/// TypeProto{tensor_type=1{elem_type=1, shape=2{dim=1{dim_value=1 | dim_param=2}}}},
/// TensorProto{dims=1, data_type=2, name=8, raw_data=9}.
/// </summary>
internal sealed class OnnxModelBuilder
{
    private readonly List<Action<ProtoWriter>> _graph = [];
    private int _nodes;

    public OnnxModelBuilder Input(string name, TensorElementType type, params Dim[] dims)
    {
        _graph.Add(g => g.Message(11, v => ValueInfo(v, name, type, dims)));
        return this;
    }

    public OnnxModelBuilder Output(string name, TensorElementType type, params Dim[] dims)
    {
        _graph.Add(g => g.Message(12, v => ValueInfo(v, name, type, dims)));
        return this;
    }

    public OnnxModelBuilder Node(string opType, string[] inputs, string[] outputs)
    {
        string name = $"{opType.ToLowerInvariant()}_{_nodes++}";
        _graph.Add(g => g.Message(1, n =>
        {
            foreach (string input in inputs)
            {
                n.String(1, input);
            }

            foreach (string output in outputs)
            {
                n.String(2, output);
            }

            n.String(3, name).String(4, opType);
        }));
        return this;
    }

    public OnnxModelBuilder Initializer<T>(string name, TensorElementType type, T[] values, params long[] dims)
        where T : unmanaged
    {
        byte[] raw = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        _graph.Add(g => g.Message(5, t =>
        {
            foreach (long dim in dims)
            {
                t.Varint(1, dim);
            }

            t.Varint(2, (int)type).String(8, name).Bytes(9, raw);
        }));
        return this;
    }

    public byte[] Build() =>
        new ProtoWriter()
            .Varint(1, 8)
            .Message(7, g =>
            {
                foreach (Action<ProtoWriter> part in _graph)
                {
                    part(g);
                }

                g.String(2, "test_graph");
            })
            .Message(8, o => o.String(1, string.Empty).Varint(2, 17))
            .ToArray();

    private static void ValueInfo(ProtoWriter v, string name, TensorElementType type, Dim[] dims) =>
        v.String(1, name).Message(2, t => t.Message(1, tensor => tensor
            .Varint(1, (int)type)
            .Message(2, shape =>
            {
                foreach (Dim dim in dims)
                {
                    shape.Message(1, d =>
                    {
                        if (dim.Value is { } value)
                        {
                            d.Varint(1, value);
                        }
                        else if (dim.Symbol is { } symbol)
                        {
                            d.String(2, symbol);
                        }
                    });
                }
            })));
}
