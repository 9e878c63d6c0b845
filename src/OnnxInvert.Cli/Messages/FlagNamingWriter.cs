using System.Text;

namespace OnnxInvert.Cli.Messages;

/// <summary>
/// A writer that passes every string written to it through <see cref="SettingFlags.Rephrase"/> on its way to the
/// writer it wraps, so library messages and notices reach the user with the CLI's flag names. Does not own the inner writer.
/// </summary>
internal sealed class FlagNamingWriter(TextWriter inner) : TextWriter
{
    /// <inheritdoc />
    public override Encoding Encoding => inner.Encoding;

    /// <inheritdoc />
    public override IFormatProvider FormatProvider => inner.FormatProvider;

    /// <inheritdoc />
    public override void Write(char value) => inner.Write(value);

    /// <inheritdoc />
    public override void Write(char[] buffer, int index, int count) => inner.Write(buffer, index, count);

    /// <inheritdoc />
    public override void Write(string? value) => inner.Write(value is null ? null : SettingFlags.Rephrase(value));

    /// <inheritdoc />
    public override void WriteLine(string? value) => inner.WriteLine(value is null ? null : SettingFlags.Rephrase(value));

    /// <inheritdoc />
    public override void WriteLine() => inner.WriteLine();

    /// <inheritdoc />
    public override void Flush() => inner.Flush();
}
