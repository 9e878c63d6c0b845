namespace OnnxInvert.Imaging;

/// <summary>What reading a folder produced: the images that loaded, in sorted file order, and the files that did not.</summary>
public sealed class ImageFolderResult
{
    /// <summary>Creates the result.</summary>
    /// <param name="images">The decoded images, in sorted file order.</param>
    /// <param name="errors">The files that failed, in sorted file order.</param>
    public ImageFolderResult(IReadOnlyList<DecodedImage> images, IReadOnlyList<ImageLoadError> errors)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(errors);
        Images = images;
        Errors = errors;
    }

    /// <summary>The decoded images, in sorted file order; <see cref="DecodedImage.Name"/> is the file path.</summary>
    public IReadOnlyList<DecodedImage> Images { get; }

    /// <summary>The files that failed, in sorted file order.</summary>
    public IReadOnlyList<ImageLoadError> Errors { get; }
}
