namespace OnnxInvert.Inversion.Models.Adaptation;

/// <summary>
/// Decides an image tensor's layout from its observed shape: the channel axis has size 1, 3 or 4; an explicit layout,
/// image shape or target size settles ambiguous cases; what remains ambiguous is decided for NCHW/CHW with a notice.
/// </summary>
internal static class LayoutDetector
{
    private static readonly long[] ChannelSizes = [1, 3, 4];

    /// <summary>The layout and the per-sample image shape [C, H, W] of an image tensor observed at <paramref name="dims"/>.</summary>
    /// <param name="model">The model's name in messages.</param>
    /// <param name="tensor">The image tensor's name.</param>
    /// <param name="dims">The tensor's shape in a run at batch <paramref name="batch"/>.</param>
    /// <param name="batch">The batch size of that run.</param>
    /// <param name="fixedBatch">Whether the model's batch is fixed (only then can the image lack a batch axis).</param>
    /// <param name="request">The explicit layout, image shape and target size, if given.</param>
    /// <param name="notice">Receives the choice made in an ambiguous case.</param>
    public static (ImageLayout Layout, long[] Shape) Detect(
        string model, string tensor, long[] dims, long batch, bool fixedBatch, AdaptationRequest request, Action<string> notice)
    {
        string described = $"{model}: image tensor '{tensor}' (float [{string.Join(",", dims)}] at batch {batch})";
        var given = request.ImageShape?.ToArray();
        if (given is not null && (given.Length != 3 || given.Any(d => d <= 0)))
        {
            throw new ModelAdaptationException($"{model}: the image shape must be three positive sizes C,H,W; got [{string.Join(",", given)}]");
        }

        var candidates = Candidates(dims, batch, fixedBatch).ToList();
        if (candidates.Count == 0)
        {
            throw new ModelAdaptationException(
                $"{described} is not an image batch: expected [N,C,H,W], [N,H,W,C], [N,C·H·W] with the batch on the first axis, or [C,H,W]/[H,W,C] for a fixed batch of 1");
        }

        if (request.Layout is { } forced)
        {
            var matches = candidates.Where(c => c.Layout == forced).ToList();
            if (matches.Count == 0)
            {
                throw new ModelAdaptationException($"{described} cannot be {Name(forced)}; it fits {string.Join(" or ", candidates.Select(c => Name(c.Layout)).Distinct())}");
            }

            return Complete(matches[0], given, described, notice);
        }

        if (candidates[0].Layout == ImageLayout.Flat)
        {
            return Complete(candidates[0], given, described, notice);
        }

        var plausible = candidates.Where(c => ChannelSizes.Contains(c.Shape[0])).ToList();
        if (given is not null)
        {
            var exact = candidates.Where(c => c.Shape.SequenceEqual(given)).ToList();
            return exact.Count > 0 ? exact[0]
                : throw new ModelAdaptationException($"{described} does not hold images of shape [{string.Join(",", given)}] in any layout");
        }

        if (request.TargetSize is { } target && plausible.Count > 1)
        {
            var sized = plausible.Where(c => c.Shape[1] == target.Height && c.Shape[2] == target.Width).ToList();
            if (sized.Count == 1)
            {
                return sized[0];
            }
        }

        switch (plausible.Count)
        {
            case 0:
                throw new ModelAdaptationException(
                    $"{described} has no channel axis of size 1, 3 or 4 where {string.Join(" or ", candidates.Select(c => Name(c.Layout)))} would put it; state the layout (GeneratorOptions.Layout) to use it anyway");
            case 1:
                return plausible[0];
            default:
                var chosen = plausible[0];
                var other = plausible[1];
                notice($"{described} could be {Describe(chosen)} or {Describe(other)}; taking {Name(chosen.Layout)} (override with GeneratorOptions.Layout = {other.Layout})");
                return chosen;
        }
    }

    /// <summary>The layout's name as written in messages and in the image layout option ("NCHW").</summary>
    public static string Name(ImageLayout layout) => layout.ToString().ToUpperInvariant();

    private static string Describe((ImageLayout Layout, long[] Shape) c) =>
        $"{Name(c.Layout)} ({c.Shape[0]} channel{(c.Shape[0] == 1 ? string.Empty : "s")} of {c.Shape[1]}×{c.Shape[2]})";

    private static (ImageLayout, long[]) Complete((ImageLayout Layout, long[] Shape) c, long[]? given, string described, Action<string> notice)
    {
        if (c.Layout != ImageLayout.Flat)
        {
            if (given is not null && !c.Shape.SequenceEqual(given))
            {
                throw new ModelAdaptationException($"{described} holds [{string.Join(",", c.Shape)}] images as {Name(c.Layout)}, not [{string.Join(",", given)}]");
            }

            return (c.Layout, c.Shape);
        }

        long size = c.Shape[0];
        if (given is not null)
        {
            long product = given[0] * given[1] * given[2];
            return product == size ? (ImageLayout.Flat, given)
                : throw new ModelAdaptationException($"{described} holds {size} values per image, but the image shape [{string.Join(",", given)}] needs {product}");
        }

        var square = ChannelSizes.Where(ch => size % ch == 0 && IsSquare(size / ch)).ToArray();
        if (square.Length != 1)
        {
            throw new ModelAdaptationException(
                $"{described} is flat ({size} values per image) and the size does not tell one square image shape; give the image shape C,H,W (GeneratorOptions.ImageShape)");
        }

        long side = (long)Math.Round(Math.Sqrt(size / square[0]));
        notice($"{described} is flat; taking it as [{square[0]},{side},{side}] images in C,H,W order, the only square shape with 1, 3 or 4 channels (override with GeneratorOptions.ImageShape)");
        return (ImageLayout.Flat, [square[0], side, side]);
    }

    private static bool IsSquare(long n)
    {
        long r = (long)Math.Round(Math.Sqrt(n));
        return r * r == n && r >= 2;
    }

    private static IEnumerable<(ImageLayout Layout, long[] Shape)> Candidates(long[] dims, long batch, bool fixedBatch)
    {
        switch (dims.Length)
        {
            case 4 when dims[0] == batch:
                yield return (ImageLayout.Nchw, [dims[1], dims[2], dims[3]]);
                yield return (ImageLayout.Nhwc, [dims[3], dims[1], dims[2]]);
                break;
            case 3 when fixedBatch && batch == 1:
                yield return (ImageLayout.Chw, [dims[0], dims[1], dims[2]]);
                yield return (ImageLayout.Hwc, [dims[2], dims[0], dims[1]]);
                break;
            case 2 when dims[0] == batch:
                yield return (ImageLayout.Flat, [dims[1]]);
                break;
        }
    }
}
