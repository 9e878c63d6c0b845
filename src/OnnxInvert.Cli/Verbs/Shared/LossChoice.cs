using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Models.Adaptation;

namespace OnnxInvert.Cli.Verbs.Shared;

/// <summary>
/// <c>--loss auto</c> (the <c>exact</c> preset's): BCE where the image comes from a bounded activation (Sigmoid, Tanh,
/// Clip, ... as <see cref="OutputRangeInference"/> traces it), MSE otherwise. BCE needs the image inside its range: an
/// unbounded output (a StyleGAN synthesis without a final activation) overshoots it and the loss is undefined there.
/// </summary>
internal static class LossChoice
{
    /// <summary>The value of --loss that means "follow the model".</summary>
    public const string Auto = "auto";

    /// <summary>
    /// <paramref name="loss"/> with <c>auto</c> resolved for <paramref name="generator"/>: <c>bce</c> or <c>mse</c>.
    /// Without a generator (a request checked before its model is opened) <c>auto</c> stays <c>bce</c>.
    /// </summary>
    public static string Resolve(string loss, Generator? generator)
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (!loss.Trim().Equals(Auto, StringComparison.OrdinalIgnoreCase))
        {
            return loss;
        }

        return generator is null || Bounded(generator) ? "bce" : "mse";
    }

    /// <summary>Whether the generator's image is traced to a bounded activation.</summary>
    public static bool Bounded(Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        return OutputRangeInference.Infer(generator.Model, generator.ImageOutput) is not null;
    }
}
