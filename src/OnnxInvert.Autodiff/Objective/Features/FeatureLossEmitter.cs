using OnnxInvert.Autodiff.Analysis;
using OnnxInvert.Autodiff.Emit;
using OnnxInvert.Onnx.Building;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Autodiff.Objective.Features;

/// <summary>
/// Emits the feature distance per sample and its gradient with respect to each layer's raw features, in closed form.
/// Per layer with features f [B, C, S...] (P positions) and target t: normalised f̂ = f / (‖f‖_C + ε), ε = 1e−10,
/// distance (1/P) Σ_positions Σ_c w_c (f̂ − t)² (or |f̂ − t|), w_c = 1/C unless given; cosine: (1/P) Σ_positions
/// (1 − ⟨f, t⟩ / (‖f‖‖t‖)). Gradients: through the normalisation df = g/s − f·⟨g, f⟩/(s²·‖f‖), s = ‖f‖ + ε.
/// </summary>
internal sealed class FeatureLossEmitter
{
    /// <summary>LPIPS's epsilon in f / (‖f‖ + ε).</summary>
    public const double Epsilon = 1e-10;

    private readonly Emitter _e;
    private readonly FeatureSpec _spec;

    public FeatureLossEmitter(Emitter emitter, FeatureSpec spec)
    {
        _e = emitter;
        _spec = spec;
    }

    /// <summary>Whether the target features are normalised (by the extractor) before they reach the objective.</summary>
    public static bool NormalizesTargets(FeatureSpec spec) => spec.NormalizeChannels && spec.Distance != FeatureDistance.Cosine;

    /// <summary>f / (‖f‖_C + ε) with its parts (norm n, denominator s).</summary>
    public static (string Normalized, string Norm, string Denominator) Normalize(Emitter e, string f, DataType type)
    {
        string n = e.Op("Sqrt", [e.ReduceSum(e.Mul(f, f), [1], keepDims: true)], "norm");
        string s = e.Add(n, e.Scalar(Epsilon, type));
        return (e.Div(f, s), n, s);
    }

    /// <summary>Returns the per-sample distance [B] (unweighted) and, per layer, dLoss/dRaw including the spec's weight.</summary>
    public (string Distance, IReadOnlyList<string> Grads) Emit(IReadOnlyList<(FeatureLayerPlan Plan, TensorInfo Info, string Target)> layers)
    {
        var terms = new List<string>();
        var grads = new List<string>();
        foreach (var (plan, info, target) in layers)
        {
            var (term, grad) = Layer(plan, info, target);
            terms.Add(term);
            grads.Add(grad);
        }

        return (_e.Sum(terms, "feature_distance"), grads);
    }

    private (string Term, string Grad) Layer(FeatureLayerPlan plan, TensorInfo info, string target)
    {
        var type = info.ElementType;
        string S(double v) => _e.Scalar(v, type);
        long positions = info.Dims.Skip(2).Aggregate(1L, (a, d) => a * d);
        long[] all = Enumerable.Range(1, info.Rank - 1).Select(i => (long)i).ToArray();
        double scale = 1.0 / positions;
        double weight = _spec.Weight;
        string f = plan.Raw;
        if (_spec.Distance == FeatureDistance.Cosine)
        {
            string eps = S(Epsilon);
            string na = _e.Op("Max", [_e.Op("Sqrt", [_e.ReduceSum(_e.Mul(f, f), [1], keepDims: true)], "norm"), eps], "clamp");
            string nb = _e.Op("Max", [_e.Op("Sqrt", [_e.ReduceSum(_e.Mul(target, target), [1], keepDims: true)], "norm"), eps], "clamp");
            string nanb = _e.Mul(na, nb);
            string cos = _e.Div(_e.ReduceSum(_e.Mul(f, target), [1], keepDims: true), nanb);
            string cosTerm = _e.Mul(_e.ReduceSum(_e.Sub(S(1), cos), all, keepDims: false), S(scale));
            // d(1 − cos)/da = −(b/(|a||b|) − cos·a/|a|²)
            string dcos = _e.Sub(_e.Div(target, nanb), _e.Div(_e.Mul(cos, f), _e.Mul(na, na)));
            return (cosTerm, _e.Mul(dcos, S(-scale * weight)));
        }

        string compared = f;
        string? norm = null;
        string? denominator = null;
        if (_spec.NormalizeChannels)
        {
            (compared, norm, denominator) = Normalize(_e, f, type);
        }

        string w = plan.Weights is { } given ? ChannelWeights(given, info) : S(1.0 / info.Dims[1]);
        string d = _e.Sub(compared, target);
        string perElement;
        string g;
        if (_spec.Distance == FeatureDistance.Mse)
        {
            string wd = _e.Mul(w, d);
            perElement = _e.Mul(wd, d);
            g = _e.Mul(wd, S(2 * scale * weight));
        }
        else
        {
            perElement = _e.Mul(w, _e.Op("Abs", [d], "abs"));
            g = _e.Mul(_e.Mul(w, _e.Op("Sign", [d], "sign")), S(scale * weight));
        }

        string term = _e.Mul(_e.ReduceSum(perElement, all, keepDims: false), S(scale));
        if (norm is null || denominator is null)
        {
            return (term, g);
        }

        // Back through f̂ = f / s: df = g/s − f·⟨g, f⟩_C / (s²·max(‖f‖, ε)).
        string dot = _e.ReduceSum(_e.Mul(g, f), [1], keepDims: true);
        string ss = _e.Mul(_e.Mul(denominator, denominator), _e.Op("Max", [norm, S(Epsilon)], "clamp"));
        return (term, _e.Sub(_e.Div(g, denominator), _e.Div(_e.Mul(f, dot), ss)));
    }

    private string ChannelWeights(float[] weights, TensorInfo info)
    {
        var dims = new long[info.Rank];
        Array.Fill(dims, 1L);
        dims[1] = weights.Length;
        var tensor = info.ElementType == DataType.Double
            ? TensorFactory.Double(_e.Prefix + "channel_weights", weights.Select(v => (double)v).ToArray(), dims)
            : TensorFactory.Float(_e.Prefix + "channel_weights", weights, dims);
        return _e.Builder.Constant(tensor);
    }
}
