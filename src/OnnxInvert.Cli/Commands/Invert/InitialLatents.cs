using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Cli.Commands.Invert;

/// <summary>The starting latents of <c>--init FILE.npy</c>: one row per image.</summary>
internal static class InitialLatents
{
    /// <summary>Reads <paramref name="path"/>, which must hold <paramref name="count"/> latents of the inverter's shape.</summary>
    /// <exception cref="FormatException">The array's shape does not fit; the message names the file and both shapes.</exception>
    public static float[] Load(string path, int count, Inverter inverter)
    {
        ArgumentNullException.ThrowIfNull(inverter);
        var array = NpyFile.Read(path);
        int[] expected = [count, .. inverter.LatentShape.Select(d => (int)d)];
        if (array.Length != count * inverter.LatentSize || array.Shape[0] != count)
        {
            throw new FormatException($"{path}: the array is ({string.Join(", ", array.Shape)}); --init needs ({string.Join(", ", expected)}), one latent per image");
        }

        return array.ToSingleArray();
    }
}
