using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Inversion.Jobs;

/// <summary>Starting latents from an .npy file: one row per target.</summary>
internal static class InitialLatents
{
    /// <summary>Reads <paramref name="path"/>, which must hold <paramref name="count"/> latents of the inverter's shape.</summary>
    /// <exception cref="FormatException">The array's shape does not fit; the message names the file and both shapes.</exception>
    public static float[] Load(string path, int count, Inverter inverter)
    {
        var array = NpyFile.Read(path);
        int[] expected = [count, .. inverter.LatentShape.Select(d => (int)d)];
        if (array.Length != count * inverter.LatentSize || array.Shape[0] != count)
        {
            throw new FormatException($"{path}: the array is ({string.Join(", ", array.Shape)}); the starting latents must be ({string.Join(", ", expected)}), one latent per image");
        }

        return array.ToSingleArray();
    }

    /// <summary>The rows of <paramref name="latents"/> at <paramref name="indices"/>.</summary>
    public static float[] Select(float[] latents, IReadOnlyList<int> indices, int latentSize)
    {
        var rows = new float[indices.Count * latentSize];
        for (int k = 0; k < indices.Count; k++)
        {
            latents.AsSpan(indices[k] * latentSize, latentSize).CopyTo(rows.AsSpan(k * latentSize));
        }

        return rows;
    }
}
