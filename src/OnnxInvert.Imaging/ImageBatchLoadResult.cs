namespace OnnxInvert.Imaging;

/// <summary>What loading a folder into a batch produced: the batch of usable images and the files left out.</summary>
public sealed class ImageBatchLoadResult
{
    /// <summary>Creates the result.</summary>
    /// <param name="batch">The images that decoded and fit the spec, in sorted file order.</param>
    /// <param name="errors">The files left out and why, in sorted file order.</param>
    public ImageBatchLoadResult(ImageBatch batch, IReadOnlyList<ImageLoadError> errors)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(errors);
        Batch = batch;
        Errors = errors;
    }

    /// <summary>The images that decoded and fit the spec, in sorted file order (possibly none).</summary>
    public ImageBatch Batch { get; }

    /// <summary>The files left out (corrupt, over a limit, wrong size or channels) and why, in sorted file order.</summary>
    public IReadOnlyList<ImageLoadError> Errors { get; }
}
