namespace OnnxInvert.Imaging.Tests.TestUtilities;

/// <summary>Deterministic test images.</summary>
internal static class TestImages
{
    /// <summary>An image whose bytes follow a simple formula covering many values.</summary>
    public static DecodedImage Pattern(int width, int height, int channels, string name = "pattern", int seed = 0)
    {
        var pixels = new byte[width * height * channels];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                for (int c = 0; c < channels; c++)
                {
                    pixels[(((y * width) + x) * channels) + c] = (byte)((x * 37) + (y * 91) + (c * 53) + (seed * 17));
                }
            }
        }

        return new DecodedImage(name, width, height, channels, pixels);
    }

    /// <summary>A smooth image (gradients), which JPEG reproduces closely.</summary>
    public static DecodedImage Smooth(int width, int height, int channels, string name = "smooth")
    {
        var pixels = new byte[width * height * channels];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                for (int c = 0; c < channels; c++)
                {
                    int value = c switch
                    {
                        0 => x * 255 / (width - 1),
                        1 => y * 255 / (height - 1),
                        _ => (x + y) * 255 / (width + height - 2),
                    };
                    pixels[(((y * width) + x) * channels) + c] = (byte)value;
                }
            }
        }

        return new DecodedImage(name, width, height, channels, pixels);
    }

    /// <summary>A solid-colour image.</summary>
    public static DecodedImage Solid(int width, int height, string name, params byte[] color)
    {
        var pixels = new byte[width * height * color.Length];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = color[i % color.Length];
        }

        return new DecodedImage(name, width, height, color.Length, pixels);
    }
}
