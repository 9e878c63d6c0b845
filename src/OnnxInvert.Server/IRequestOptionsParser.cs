using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Server;

/// <summary>
/// Turns the options of one request (names as the CLI's long flags without dashes, values as text) into engine
/// options, validated exactly as <c>onnxinvert invert</c> validates its flags. The CLI supplies the implementation,
/// so the service and the command line share one validation.
/// </summary>
public interface IRequestOptionsParser
{
    /// <summary>The engine options of <paramref name="options"/> for an inverter of <paramref name="batchSize"/> slots.</summary>
    /// <exception cref="RequestOptionsException">An option is unknown, refused on a service, or has an invalid value.</exception>
    InversionOptions Parse(IReadOnlyDictionary<string, string> options, int batchSize);
}
