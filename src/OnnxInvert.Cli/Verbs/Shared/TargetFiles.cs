using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Jobs;
using OnnxInvert.Inversion.Models;

namespace OnnxInvert.Cli.Verbs.Shared;

/// <summary>Opens the --images targets for an inverter, adding the flag that resolves a size or channel mismatch.</summary>
internal static class TargetFiles
{
    public static TargetSource Open(string images, Inverter inverter, Generator generator, bool resize, Action<string> notice)
    {
        try
        {
            return TargetSource.Open(images, new TargetFormat(inverter.ImageShape, generator.OutputRange, resize), notice);
        }
        catch (ImageFormatException ex) when (ex.Kind is ImageErrorKind.SizeMismatch or ImageErrorKind.ChannelMismatch && !resize)
        {
            throw new ImageFormatException(ex.FilePath, ex.Kind, $"{ex.Detail} Pass --resize to resize and convert images.", ex);
        }
    }
}
