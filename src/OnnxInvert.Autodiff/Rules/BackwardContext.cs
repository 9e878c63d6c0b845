using OnnxInvert.Autodiff.Analysis;
using OnnxInvert.Autodiff.Emit;
using OnnxInvert.Onnx.Graphs;
using OnnxInvert.Onnx.Proto;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>What a rule sees while emitting one node's backward pass.</summary>
internal sealed class BackwardContext
{
    private readonly string?[] _outputGrads;
    private readonly bool[] _needsGrad;
    private readonly string?[] _inputGrads;

    public BackwardContext(NodeProto node, Emitter emitter, ShapeTable shapes, ConstantTable constants, string?[] outputGrads, bool[] needsGrad)
    {
        Node = node;
        Constants = constants;
        Emit = emitter;
        Shapes = shapes;
        _outputGrads = outputGrads;
        _needsGrad = needsGrad;
        _inputGrads = new string?[node.Input.Count];
    }

    public NodeProto Node { get; }

    public Emitter Emit { get; }

    public ShapeTable Shapes { get; }

    /// <summary>The forward graph's compile-time constants (for operands such as axes, pads and scales).</summary>
    public ConstantTable Constants { get; }

    public long Opset => Emit.Opset;

    /// <summary>The name of input <paramref name="index"/> ("" when an optional input is absent).</summary>
    public string Input(int index) => index < Node.Input.Count ? Node.Input[index] : string.Empty;

    /// <summary>Whether optional input <paramref name="index"/> is present.</summary>
    public bool HasInput(int index) => index < Node.Input.Count && Node.Input[index].Length > 0;

    public string Output(int index) => Node.Output[index];

    /// <summary>The incoming gradient of output <paramref name="index"/>, or null when that output gets none.</summary>
    public string? OutputGrad(int index) => index < _outputGrads.Length ? _outputGrads[index] : null;

    /// <summary>The gradient of output 0, which every rule's node has when the rule is called for a single-output op.</summary>
    public string Dy => OutputGrad(0) ?? throw Unsupported("no gradient reached the node's first output");

    /// <summary>Whether input <paramref name="index"/> needs a gradient (it lies on a path from a latent).</summary>
    public bool NeedsGrad(int index) => index < _needsGrad.Length && _needsGrad[index];

    public TensorInfo Info(string name) => Shapes[name];

    /// <summary>The element type of output 0 (the type the backward pass computes in).</summary>
    public DataType FloatType => Info(Output(0)).ElementType;

    public string Scalar(double value) => Emit.Scalar(value, FloatType);

    public void SetGrad(int index, string gradient)
    {
        if (NeedsGrad(index))
        {
            _inputGrads[index] = gradient;
        }
    }

    public IReadOnlyList<string?> InputGrads => _inputGrads;

    /// <summary>The integer values of constant operand <paramref name="index"/>, or null when it is absent; throws when it is not constant.</summary>
    public long[]? ConstantInts(int index, string role)
    {
        if (!HasInput(index))
        {
            return null;
        }

        return Constants.Int64s(Input(index)) ?? throw Unsupported($"its {role} ('{Input(index)}') is computed at run time; only constant {role} are supported");
    }

    /// <summary>The float values of constant operand <paramref name="index"/>, or null when it is absent; throws when it is not constant.</summary>
    public double[]? ConstantDoubles(int index, string role)
    {
        if (!HasInput(index))
        {
            return null;
        }

        return Constants.Doubles(Input(index)) ?? throw Unsupported($"its {role} ('{Input(index)}') is computed at run time; only constant {role} are supported");
    }

    /// <summary>An exception naming this node and what about it is unsupported.</summary>
    public GradientBuildException Unsupported(string what) =>
        new($"cannot differentiate {Node.Describe()}: {what}", Node.OpType, Node.Name);
}
