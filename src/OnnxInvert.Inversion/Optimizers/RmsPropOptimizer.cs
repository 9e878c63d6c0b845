namespace OnnxInvert.Inversion.Optimizers;

/// <summary>
/// torch.optim.RMSprop: v ← αv + (1−α)g²; z ← z − lr·g/(√v + ε), optionally centred (v − ḡ² under the root) and with
/// momentum (b ← μb + g/(√v + ε); z ← z − lr·b).
/// </summary>
internal sealed class RmsPropOptimizer : LatentOptimizer
{
    private const int SquareAverage = 0;
    private const int GradientAverage = 1;
    private const int MomentumBuffer = 2;

    private readonly float _alpha;
    private readonly float _oneMinusAlpha;
    private readonly float _epsilon;
    private readonly float _momentum;
    private readonly float _weightDecay;
    private readonly bool _centered;

    public RmsPropOptimizer(OptimizerSettings settings, int slots, int size)
        : base(OptimizerKind.RmsProp, slots, size, buffers: 3)
    {
        _alpha = (float)settings.Alpha;
        _oneMinusAlpha = (float)(1 - settings.Alpha);
        _epsilon = (float)settings.Epsilon;
        _momentum = (float)settings.Momentum;
        _weightDecay = (float)settings.WeightDecay;
        _centered = settings.Centered;
    }

    private protected override void Update(int slot, Span<float> latent, ReadOnlySpan<float> gradient, double learningRate, bool first)
    {
        var square = State(SquareAverage, slot);
        var average = State(GradientAverage, slot);
        var buffer = State(MomentumBuffer, slot);
        float lr = (float)learningRate;
        for (int i = 0; i < latent.Length; i++)
        {
            float g = _weightDecay == 0 ? gradient[i] : gradient[i] + (_weightDecay * latent[i]);
            square[i] = (square[i] * _alpha) + (_oneMinusAlpha * g * g);
            float denominator;
            if (_centered)
            {
                average[i] = (average[i] * _alpha) + (_oneMinusAlpha * g);
                denominator = MathF.Sqrt(square[i] - (average[i] * average[i])) + _epsilon;
            }
            else
            {
                denominator = MathF.Sqrt(square[i]) + _epsilon;
            }

            if (_momentum > 0)
            {
                buffer[i] = (buffer[i] * _momentum) + (g / denominator);
                latent[i] -= lr * buffer[i];
            }
            else
            {
                latent[i] += -lr * (g / denominator);
            }
        }
    }
}
