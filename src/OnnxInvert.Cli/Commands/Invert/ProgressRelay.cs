using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Cli.Commands.Invert;

/// <summary>Forwards reports synchronously on the reporting thread (unlike <see cref="Progress{T}"/>, which posts them).</summary>
internal sealed class ProgressRelay(Action<InversionProgress> report) : IProgress<InversionProgress>
{
    public void Report(InversionProgress value) => report(value);
}
