using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Proto;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Autodiff.Tests;

/// <summary>Builds small test models: latent inputs with a symbolic batch, random constants, a chain of nodes, one output.</summary>
internal sealed class OpModel
{
    private readonly GraphProto _graph = new() { Name = "op_test" };
    private readonly GraphBuilder _builder;
    private readonly Random _random = new(42);
    private readonly List<string> _latents = [];
    private string? _last;

    public OpModel(long opset = 17)
    {
        Opset = opset;
        _builder = new GraphBuilder(_graph, opset);
    }

    public long Opset { get; }

    public IReadOnlyList<string> Latents => _latents;

    /// <summary>A latent input [batch, dims...].</summary>
    public OpModel Latent(string name, params long[] dims)
    {
        _builder.AddInput(ValueInfoFactory.Tensor(name, DataType.Float, ["batch", .. dims.Cast<object?>()]));
        _latents.Add(name);
        return this;
    }

    /// <summary>A latent input with a fixed shape (no batch axis), e.g. a weight being differentiated.</summary>
    public OpModel FixedLatent(string name, params long[] dims)
    {
        _builder.AddInput(ValueInfoFactory.Tensor(name, DataType.Float, dims.Cast<object?>()));
        _latents.Add(name);
        return this;
    }

    /// <summary>A random float constant (uniform in [low, high]).</summary>
    public OpModel Random(string name, long[] dims, double low = -1, double high = 1)
    {
        long count = dims.Aggregate(1L, (a, d) => a * d);
        var values = Enumerable.Range(0, (int)count).Select(_ => (float)(low + ((high - low) * _random.NextDouble()))).ToArray();
        _graph.Initializer.Add(TensorFactory.Float(name, values, dims));
        return this;
    }

    /// <summary>A float constant with given values.</summary>
    public OpModel Floats(string name, float[] values, params long[] dims)
    {
        _graph.Initializer.Add(TensorFactory.Float(name, values, dims));
        return this;
    }

    /// <summary>An int64 constant.</summary>
    public OpModel Ints(string name, long[] values, params long[] dims)
    {
        _graph.Initializer.Add(TensorFactory.Int64(name, values, dims.Length == 0 && values.Length != 1 ? [values.Length] : dims));
        return this;
    }

    /// <summary>Any initializer.</summary>
    public OpModel Tensor(TensorProto tensor)
    {
        _graph.Initializer.Add(tensor);
        return this;
    }

    /// <summary>Renames the last node.</summary>
    public OpModel Named(string name)
    {
        _graph.Node[^1].Name = name;
        return this;
    }

    /// <summary>A node whose first output is named <paramref name="output"/> (other outputs get derived names).</summary>
    public OpModel Node(string op, string[] inputs, string output, params AttributeProto[] attributes) => Node(op, inputs, [output], attributes);

    public OpModel Node(string op, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = $"{op}_{_graph.Node.Count}" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        _last = outputs[0];
        return this;
    }

    /// <summary>The model with the last node's first output (or <paramref name="output"/>) as its only output.</summary>
    public ModelProto Build(string? output = null)
    {
        _graph.Output.Add(ValueInfoFactory.Tensor(output ?? _last!, DataType.Float, null));
        return ModelFactory.Create(_graph, Opset);
    }

    public GradientSpec Spec(string? output = null) => new(_latents, [output ?? _last!]);
}
