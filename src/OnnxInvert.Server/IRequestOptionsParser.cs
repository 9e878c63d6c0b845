using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Server;

/// <summary>
/// Turns the options of one request (names as the CLI's long flags without dashes, values as text) into engine
/// options, validated exactly as <c>onnxinvert invert</c> validates its flags. The CLI supplies the implementation,
/// so the service and the command line share one validation. A repeatable flag given several times (a JSON array,
/// repeated form fields) arrives as one text with its values joined by <see cref="RepeatSeparator"/>.
/// </summary>
public interface IRequestOptionsParser
{
    /// <summary>Joins the values of a repeated option (<c>prior</c>, <c>input</c>, ...) in its text; no single value holds it.</summary>
    public const string RepeatSeparator = "\n";

    /// <summary>The engine options of <paramref name="options"/> for an inverter of <paramref name="batchSize"/> slots.</summary>
    /// <exception cref="RequestOptionsException">An option is unknown, refused on a service, or has an invalid value.</exception>
    InversionOptions Parse(IReadOnlyDictionary<string, string> options, int batchSize);

    /// <summary>
    /// <paramref name="message"/>, a library message about a request's options (which names settings in library terms,
    /// such as <c>InversionOptions.Start</c>), in this service's option names; unchanged by default.
    /// </summary>
    string Describe(string message) => message;
}
