using OnnxInvert.Inversion.Models.Adaptation;

namespace OnnxInvert.Inversion.Models;

/// <summary>
/// Moves image batches between the engine's NCHW and a model's own layout (<see cref="Generator.Layout"/>), so targets
/// stored in the model's convention can be read and images written back in it. Flat images are in C, H, W order, so
/// only the channels-last layouts move values.
/// </summary>
public static class ImageLayoutConversion
{
    /// <summary>The shape of one image in <paramref name="layout"/> for an image of <paramref name="chw"/> = [C, H, W].</summary>
    public static long[] SampleShape(ImageLayout layout, IReadOnlyList<long> chw)
    {
        ArgumentNullException.ThrowIfNull(chw);
        if (chw.Count != 3)
        {
            throw new ArgumentException($"an image shape is [C, H, W]; got [{string.Join(", ", chw)}]", nameof(chw));
        }

        return layout switch
        {
            ImageLayout.Nhwc or ImageLayout.Hwc => [chw[1], chw[2], chw[0]],
            ImageLayout.Flat => [chw[0] * chw[1] * chw[2]],
            _ => [.. chw],
        };
    }

    /// <summary><paramref name="count"/> images laid out as <paramref name="layout"/>, as NCHW.</summary>
    public static float[] ToNchw(ReadOnlySpan<float> images, int count, ImageLayout layout, IReadOnlyList<long> chw) => Move(images, count, layout, chw, toNchw: true);

    /// <summary><paramref name="count"/> NCHW images, laid out as <paramref name="layout"/>.</summary>
    public static float[] FromNchw(ReadOnlySpan<float> images, int count, ImageLayout layout, IReadOnlyList<long> chw) => Move(images, count, layout, chw, toNchw: false);

    private static float[] Move(ReadOnlySpan<float> images, int count, ImageLayout layout, IReadOnlyList<long> chw, bool toNchw)
    {
        long[] shape = SampleShape(ImageLayout.Nchw, chw);
        int c = (int)shape[0], h = (int)shape[1], w = (int)shape[2];
        int length = c * h * w;
        if (images.Length != count * length)
        {
            throw new ArgumentException($"{count} images of [{c}, {h}, {w}] need {count * length} values; got {images.Length}", nameof(images));
        }

        if (layout is not (ImageLayout.Nhwc or ImageLayout.Hwc))
        {
            return images.ToArray();
        }

        var moved = new float[images.Length];
        for (int n = 0; n < count; n++)
        {
            int image = n * length;
            for (int ch = 0; ch < c; ch++)
            {
                for (int y = 0; y < h; y++)
                {
                    for (int x = 0; x < w; x++)
                    {
                        int planar = image + (((ch * h) + y) * w) + x;
                        int interleaved = image + (((y * w) + x) * c) + ch;
                        if (toNchw)
                        {
                            moved[planar] = images[interleaved];
                        }
                        else
                        {
                            moved[interleaved] = images[planar];
                        }
                    }
                }
            }
        }

        return moved;
    }
}
