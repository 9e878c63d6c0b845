namespace OnnxInvert.Inversion.Optimizers;

/// <summary>
/// torch.optim.Adam: m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; z ← z − lr/(1−β₁ᵗ) · m/(√v/√(1−β₂ᵗ) + ε), with t the
/// slot's own step count.
/// </summary>
internal sealed class AdamOptimizer : LatentOptimizer
{
    private const int FirstMoment = 0;
    private const int SecondMoment = 1;

    private readonly double _beta1;
    private readonly double _beta2;
    private readonly float _epsilon;
    private readonly float _weightDecay;

    public AdamOptimizer(OptimizerSettings settings, int slots, int size)
        : base(OptimizerKind.Adam, slots, size, buffers: 2)
    {
        _beta1 = settings.Beta1;
        _beta2 = settings.Beta2;
        _epsilon = (float)settings.Epsilon;
        _weightDecay = (float)settings.WeightDecay;
    }

    private protected override void Update(int slot, Span<float> latent, ReadOnlySpan<float> gradient, double learningRate, bool first)
    {
        var m = State(FirstMoment, slot);
        var v = State(SecondMoment, slot);
        int t = StepCounts[slot];
        float beta1 = (float)_beta1;
        float oneMinusBeta1 = (float)(1 - _beta1);
        float beta2 = (float)_beta2;
        float oneMinusBeta2 = (float)(1 - _beta2);
        double correction1 = 1 - Math.Pow(_beta1, t);
        float stepSize = (float)(learningRate / correction1);
        float correction2Root = (float)Math.Sqrt(1 - Math.Pow(_beta2, t));
        for (int i = 0; i < latent.Length; i++)
        {
            float g = _weightDecay == 0 ? gradient[i] : gradient[i] + (_weightDecay * latent[i]);
            m[i] = (m[i] * beta1) + (g * oneMinusBeta1);
            v[i] = (v[i] * beta2) + (oneMinusBeta2 * g * g);
            float denominator = (MathF.Sqrt(v[i]) / correction2Root) + _epsilon;
            latent[i] += -stepSize * (m[i] / denominator);
        }
    }
}
