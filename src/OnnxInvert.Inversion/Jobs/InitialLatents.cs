using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Jobs.Streaming;

namespace OnnxInvert.Inversion.Jobs;

/// <summary>
/// Starting latents from an .npy file, one row per target, read a row at a time as targets are read (the file is
/// never loaded whole).
/// </summary>
internal sealed class InitialLatents
{
    private readonly NpyRowReader _reader;

    private InitialLatents(NpyRowReader reader) => _reader = reader;

    /// <summary>Opens <paramref name="path"/>, which must hold <paramref name="count"/> latents of the inverter's shape.</summary>
    /// <exception cref="FormatException">The array's shape does not fit, or the file is not an .npy whose rows can be read; the message names the file and both shapes.</exception>
    public static InitialLatents Open(string path, int count, Inverter inverter)
    {
        int[] expected = [count, .. inverter.LatentShape.Select(d => (int)d)];
        NpyRowReader reader;
        try
        {
            reader = NpyRowReader.Open(path);
        }
        catch (NpyFormatException ex)
        {
            throw new FormatException($"{path}: {ex.Message}; the starting latents must be an array ({string.Join(", ", expected)}), one latent per image", ex);
        }

        long rowLength = reader.Shape.Skip(1).Aggregate(1L, (a, d) => a * d);
        if (reader.Rows != count || rowLength != inverter.LatentSize)
        {
            throw new FormatException($"{path}: the array is ({string.Join(", ", reader.Shape)}); the starting latents must be ({string.Join(", ", expected)}), one latent per image");
        }

        return new InitialLatents(reader);
    }

    /// <summary>The latent of target <paramref name="index"/> (its position in the whole input).</summary>
    public float[] Row(int index) => _reader.Read(index, 1);
}
