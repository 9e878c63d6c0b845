using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Jobs;
using OnnxInvert.Inversion.Models;

namespace OnnxInvert.Cli.Verbs.Shared;

/// <summary>Opens the --images targets for an inverter, adding the flag that resolves a size or channel mismatch.</summary>
internal static class TargetFiles
{
    public static TargetSource Open(string images, Inverter inverter, Generator generator, bool resize, Action<string> notice, PixelRange? npyRange = null)
    {
        try
        {
            return TargetSource.Open(images, new TargetFormat(inverter.ImageShape, generator.OutputRange, resize, generator.Layout) { ArrayRange = npyRange }, notice);
        }
        catch (TargetRangeException ex) when (npyRange is null)
        {
            throw new TargetRangeException($"{ex.Message}. Convert the file, or give the range its values are in with --npy-range LOW,HIGH (e.g. --npy-range 0,255).", ex);
        }
        catch (ImageFormatException ex) when (ex.Kind is ImageErrorKind.SizeMismatch or ImageErrorKind.ChannelMismatch && !resize)
        {
            throw new ImageFormatException(ex.FilePath, ex.Kind, $"{ex.Detail} Pass --resize to resize and convert images.", ex);
        }
    }
}
