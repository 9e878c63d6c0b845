namespace OnnxInvert.Inversion.Optimizers;

/// <summary>
/// torch.optim.SGD: z ← z − lr·d with d = g, or with momentum b ← μb + (1−dampening)g (b = g on the first step) and
/// d = b, or d = g + μb with Nesterov momentum.
/// </summary>
internal sealed class SgdOptimizer : LatentOptimizer
{
    private const int MomentumBuffer = 0;

    private readonly float _momentum;
    private readonly float _oneMinusDampening;
    private readonly float _weightDecay;
    private readonly bool _nesterov;

    public SgdOptimizer(OptimizerSettings settings, int slots, int size)
        : base(OptimizerKind.Sgd, slots, size, buffers: 1)
    {
        _momentum = (float)settings.Momentum;
        _oneMinusDampening = (float)(1 - settings.Dampening);
        _weightDecay = (float)settings.WeightDecay;
        _nesterov = settings.Nesterov;
    }

    private protected override void Update(int slot, Span<float> latent, ReadOnlySpan<float> gradient, double learningRate, bool first)
    {
        var buffer = State(MomentumBuffer, slot);
        float lr = (float)learningRate;
        for (int i = 0; i < latent.Length; i++)
        {
            float g = _weightDecay == 0 ? gradient[i] : gradient[i] + (_weightDecay * latent[i]);
            float d = g;
            if (_momentum != 0)
            {
                buffer[i] = first ? g : (buffer[i] * _momentum) + (_oneMinusDampening * g);
                d = _nesterov ? g + (_momentum * buffer[i]) : buffer[i];
            }

            latent[i] += -lr * d;
        }
    }
}
