using OnnxInvert.Autodiff.Analysis;
using OnnxInvert.Autodiff.Emit;

namespace OnnxInvert.Autodiff.Objective;

/// <summary>
/// Emits a per-sample loss and its gradient with respect to the image, in closed form (not by differentiating the
/// loss nodes): BCE as PyTorch's BCELoss (log clamped at −100; gradient (p − t) / max(p(1 − p), 1e−12)), MSE and L1.
/// </summary>
internal sealed class LossEmitter
{
    private readonly Emitter _e;
    private readonly TensorInfo _image;
    private readonly ObjectiveSpec _spec;

    public LossEmitter(Emitter emitter, TensorInfo image, ObjectiveSpec spec)
    {
        _e = emitter;
        _image = image;
        _spec = spec;
    }

    /// <summary>Returns the per-sample loss [B] and dLoss/dImage (the cotangent seeding the backward pass).</summary>
    public (string PerSample, string ImageGrad) Emit(string image, string target, string? weight)
    {
        string S(double v) => _e.Scalar(v, _image.ElementType);
        long pixels = _image.Dims.Skip(1).Aggregate(1L, (a, d) => a * d);
        double scale = _spec.Reduction == LossReduction.Mean ? 1.0 / pixels : 1.0;

        string perPixel;
        string grad;
        switch (_spec.Loss)
        {
            case LossKind.Mse:
            {
                string d = _e.Sub(image, target);
                perPixel = _e.Mul(d, d);
                grad = _e.Mul(d, S(2 * scale));
                break;
            }

            case LossKind.L1:
            {
                string d = _e.Sub(image, target);
                perPixel = _e.Op("Abs", [d], "abs");
                grad = _e.Mul(_e.Op("Sign", [d], "sign"), S(scale));
                break;
            }

            default:
            {
                var (low, high) = _spec.OutputRange;
                double span = high - low;
                string p = low == 0 && high == 1 ? image : _e.Div(_e.Sub(image, S(low)), S(span));
                string t = low == 0 && high == 1 ? target : _e.Div(_e.Sub(target, S(low)), S(span));
                string one = S(1);
                string oneMinusP = _e.Sub(one, p);
                string logP = _e.Op("Max", [_e.Op("Log", [p], "log"), S(-100)], "clamp");
                string log1mP = _e.Op("Max", [_e.Op("Log", [oneMinusP], "log"), S(-100)], "clamp");
                perPixel = _e.Neg(_e.Add(_e.Mul(t, logP), _e.Mul(_e.Sub(one, t), log1mP)));
                string denominator = _e.Op("Max", [_e.Mul(p, oneMinusP), S(1e-12)], "clamp");
                grad = _e.Mul(_e.Div(_e.Sub(p, t), denominator), S(scale / span));
                break;
            }
        }

        if (weight is not null)
        {
            perPixel = _e.Mul(perPixel, weight);
            grad = _e.Mul(grad, weight);
        }

        long[] axes = Enumerable.Range(1, _image.Rank - 1).Select(i => (long)i).ToArray();
        string perSample = axes.Length == 0 ? perPixel : _e.ReduceSum(perPixel, axes, keepDims: false);
        if (scale != 1.0)
        {
            perSample = _e.Mul(perSample, S(scale));
        }

        return (perSample, grad);
    }
}
