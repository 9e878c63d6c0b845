using OnnxInvert.Inversion.Models;

namespace OnnxInvert.Cli.Verbs.Shared;

/// <summary>Opens a generator for a verb: options that name tensors the model lacks or contradict each other are usage errors, not crashes.</summary>
internal static class ModelErrors
{
    public static Generator Open(string path, GeneratorOptions options)
    {
        try
        {
            return Generator.Open(path, options);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }
    }
}
