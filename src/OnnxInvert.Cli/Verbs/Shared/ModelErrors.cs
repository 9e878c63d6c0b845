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

    /// <summary>Checks the --input values against the generator's fixed inputs (names, types, row lengths, row counts) before any run.</summary>
    /// <exception cref="UsageException">A value names no fixed input or does not fit it.</exception>
    /// <param name="generator">The opened generator.</param>
    /// <param name="flags">The verb's model flags.</param>
    /// <param name="images">The number of images when the verb knows it (rows must then be one or one per image).</param>
    public static void CheckConditions(Generator generator, ModelFlags flags, int? images = null)
    {
        try
        {
            generator.CheckConditions(flags.Conditions(), images);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }
    }
}
