using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Proto;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Autodiff.Emit;

/// <summary>
/// Emits standard ONNX nodes into a graph, choosing each operator's operand form by the model's opset
/// (axes/pads/starts as inputs or attributes), and caches shared constants and Shape nodes.
/// </summary>
internal sealed class Emitter
{
    private readonly Dictionary<(double, DataType), string> _scalars = [];
    private readonly Dictionary<string, string> _shapes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _int64s = new(StringComparer.Ordinal);

    public Emitter(GraphBuilder builder, string prefix)
    {
        Builder = builder;
        Prefix = prefix;
    }

    public GraphBuilder Builder { get; }

    /// <summary>The prefix of every emitted name ("grad/").</summary>
    public string Prefix { get; }

    public long Opset => Builder.Opset;

    public string Op(string opType, IReadOnlyList<string> inputs, string hint, params IEnumerable<AttributeProto> attributes) =>
        Builder.Node(opType, inputs, Prefix + hint, attributes);

    public string[] Op(string opType, IReadOnlyList<string> inputs, int outputs, string hint, params IEnumerable<AttributeProto> attributes) =>
        Builder.Node(opType, inputs, outputs, Prefix + hint, attributes);

    /// <summary>A scalar constant of the given element type (cached).</summary>
    public string Scalar(double value, DataType type)
    {
        if (!_scalars.TryGetValue((value, type), out string? name))
        {
            name = Builder.Constant(TensorFactory.Scalar(Prefix + "c", type, value));
            _scalars[(value, type)] = name;
        }

        return name;
    }

    /// <summary>A 1-D int64 constant (cached by value).</summary>
    public string Int64s(params long[] values)
    {
        string key = string.Join(",", values);
        if (!_int64s.TryGetValue(key, out string? name))
        {
            name = Builder.Int64s(Prefix + "i64", values);
            _int64s[key] = name;
        }

        return name;
    }

    /// <summary>Shape(<paramref name="tensor"/>), emitted once per tensor.</summary>
    public string Shape(string tensor)
    {
        if (!_shapes.TryGetValue(tensor, out string? name))
        {
            name = Op("Shape", [tensor], "shape");
            _shapes[tensor] = name;
        }

        return name;
    }

    public string Add(string a, string b) => Op("Add", [a, b], "add");

    public string Sub(string a, string b) => Op("Sub", [a, b], "sub");

    public string Mul(string a, string b) => Op("Mul", [a, b], "mul");

    public string Div(string a, string b) => Op("Div", [a, b], "div");

    public string Neg(string a) => Op("Neg", [a], "neg");

    public string Identity(string a, string hint = "id") => Op("Identity", [a], hint);

    public string Where(string condition, string a, string b) => Op("Where", [condition, a, b], "where");

    public string MatMul(string a, string b) => Op("MatMul", [a, b], "matmul");

    public string Transpose(string a, params long[] perm) => Op("Transpose", [a], "transpose", Attr.Ints("perm", perm));

    public string Reshape(string a, string shape) => Op("Reshape", [a, shape], "reshape");

    /// <summary>Reshape to a constant shape (may contain 0 = copy and -1 = infer).</summary>
    public string Reshape(string a, params long[] shape) => Reshape(a, Int64s(shape));

    /// <summary>Reshape <paramref name="a"/> to the runtime shape of <paramref name="like"/>.</summary>
    public string ReshapeLike(string a, string like) => Reshape(a, Shape(like));

    /// <summary>ReduceSum over <paramref name="axes"/> (axes as an input from opset 13, an attribute before).</summary>
    public string ReduceSum(string a, long[] axes, bool keepDims) =>
        Opset >= 13
            ? Op("ReduceSum", [a, Int64s(axes)], "reducesum", Attr.Int("keepdims", keepDims ? 1 : 0))
            : Op("ReduceSum", [a], "reducesum", Attr.Ints("axes", axes), Attr.Int("keepdims", keepDims ? 1 : 0));

    /// <summary>ReduceMean over <paramref name="axes"/> (axes as an input from opset 18, an attribute before).</summary>
    public string ReduceMean(string a, long[] axes, bool keepDims) =>
        Opset >= 18
            ? Op("ReduceMean", [a, Int64s(axes)], "reducemean", Attr.Int("keepdims", keepDims ? 1 : 0))
            : Op("ReduceMean", [a], "reducemean", Attr.Ints("axes", axes), Attr.Int("keepdims", keepDims ? 1 : 0));

    /// <summary>Unsqueeze (axes as an input from opset 13).</summary>
    public string Unsqueeze(string a, params long[] axes) =>
        Opset >= 13 ? Op("Unsqueeze", [a, Int64s(axes)], "unsqueeze") : Op("Unsqueeze", [a], "unsqueeze", Attr.Ints("axes", axes));

    /// <summary>Squeeze (axes as an input from opset 13).</summary>
    public string Squeeze(string a, params long[] axes) =>
        Opset >= 13 ? Op("Squeeze", [a, Int64s(axes)], "squeeze") : Op("Squeeze", [a], "squeeze", Attr.Ints("axes", axes));

    /// <summary>Slice with constant starts/ends/axes/steps (inputs from opset 10; steps must be 1 below).</summary>
    public string Slice(string a, long[] starts, long[] ends, long[] axes, long[]? steps = null)
    {
        if (Opset >= 10)
        {
            var inputs = new List<string> { a, Int64s(starts), Int64s(ends), Int64s(axes) };
            if (steps is not null)
            {
                inputs.Add(Int64s(steps));
            }

            return Op("Slice", inputs, "slice");
        }

        if (steps is not null && steps.Any(s => s != 1))
        {
            throw new NotSupportedException($"strided Slice cannot be emitted at opset {Opset}");
        }

        return Op("Slice", [a], "slice", Attr.Ints("starts", starts), Attr.Ints("ends", ends), Attr.Ints("axes", axes));
    }

    /// <summary>Zero padding with constant pads ([begins..., ends...]; pads as an input from opset 11).</summary>
    public string PadZeros(string a, long[] pads) =>
        Opset >= 11 ? Op("Pad", [a, Int64s(pads)], "pad") : Op("Pad", [a], "pad", Attr.Ints("pads", pads));

    /// <summary>A tensor of zeros with the runtime shape of <paramref name="like"/>, of the given element type.</summary>
    public string ZerosLike(string like, DataType type)
    {
        var zero = TensorFactory.Scalar("zero", type, 0);
        zero.Dims.Add(1);
        return Op("ConstantOfShape", [Shape(like)], "zeros", Attr.Tensor("value", zero));
    }

    /// <summary>Sum of several tensors (one Sum node, broadcasting), or the single tensor itself.</summary>
    public string Sum(IReadOnlyList<string> terms, string hint) =>
        terms.Count == 1 ? terms[0] : Op("Sum", terms, hint);
}
