using System.Globalization;
using OnnxInvert.Imaging;

namespace OnnxInvert.Inversion.Jobs.Sharding;

/// <summary>A folder's <c>latents.npy</c>: float32 [items, latent dims...], checked against the number of items.</summary>
internal sealed record ShardLatents(float[] Data, int[] RowShape)
{
    /// <summary>The number of values in one latent.</summary>
    public int RowLength => RowShape.Aggregate(1, (a, d) => a * d);

    /// <summary>The latent of row <paramref name="row"/>.</summary>
    public ReadOnlySpan<float> Row(int row) => Data.AsSpan(row * RowLength, RowLength);

    /// <summary>Reads <paramref name="folder"/>'s latents, which must hold <paramref name="items"/> rows; <paramref name="name"/> names the folder in errors.</summary>
    /// <exception cref="ShardFolderException">The file is missing, unreadable, or of another row count.</exception>
    public static ShardLatents Read(string folder, string name, int items)
    {
        string path = Path.Combine(folder, ShardFolder.LatentsFile);
        if (!File.Exists(path))
        {
            throw new ShardFolderException(name, $"{name}: no {ShardFolder.LatentsFile}");
        }

        NpyArray array;
        try
        {
            array = NpyFile.Read(path);
        }
        catch (Exception ex) when (ex is NpyFormatException or FormatException or IOException or NotSupportedException)
        {
            throw new ShardFolderException(name, $"{name}: {ShardFolder.LatentsFile} is unreadable ({ex.Message})", ex);
        }

        if (array.Rank < 2 || array.Shape[0] != items)
        {
            throw new ShardFolderException(name, string.Create(CultureInfo.InvariantCulture, $"{name}: {ShardFolder.LatentsFile} is {array}; expected {items} rows of latents"));
        }

        return new ShardLatents(array.ToSingleArray(), [.. array.Shape.Skip(1)]);
    }
}
