namespace OnnxInvert.Imaging;

/// <summary>The channel conversions a caller permits when an image's channel count differs from the model's. Nothing
/// is converted silently: a needed conversion that is not listed is an error naming the file.</summary>
[Flags]
public enum ChannelConversion
{
    /// <summary>No conversion: the channel count must match exactly.</summary>
    None = 0,

    /// <summary>Drop the alpha channel (RGBA to RGB, gray+alpha to gray) without compositing.</summary>
    DropAlpha = 1,

    /// <summary>RGB to gray with the BT.601 luma weights 0.299 R + 0.587 G + 0.114 B, rounded to nearest.</summary>
    RgbToGray = 2,

    /// <summary>Gray to RGB by replicating the gray value into R, G and B.</summary>
    GrayToRgb = 4,

    /// <summary>Every conversion above.</summary>
    All = DropAlpha | RgbToGray | GrayToRgb,
}
