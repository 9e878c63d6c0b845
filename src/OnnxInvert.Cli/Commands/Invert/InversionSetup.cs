using OnnxInvert.Cli.Options;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Runtime;

namespace OnnxInvert.Cli.Commands.Invert;

/// <summary>
/// The inversion flags applied to one opened generator: the encoder of <c>--init encoder[:PATH]</c> (the model card's
/// when no path is given) and the <c>--mask</c> weights, which both depend on the generator, and the engine options
/// built with them. <c>invert</c> makes one; <c>compare</c> one per model, so each model's card is honoured.
/// </summary>
internal sealed class InversionSetup : IDisposable
{
    private InversionSetup(InversionOptions settings, LatentEncoder? encoder, float[]? mask)
    {
        Settings = settings;
        Encoder = encoder;
        Mask = mask;
    }

    /// <summary>The engine options.</summary>
    public InversionOptions Settings { get; }

    /// <summary>The encoder proposing starting latents (hybrid inversion), or null.</summary>
    public LatentEncoder? Encoder { get; }

    /// <summary>The per-pixel loss weights of --mask, or null.</summary>
    public float[]? Mask { get; }

    /// <summary>Checks the flags before any file is read: every invalid value is a <see cref="UsageException"/>.</summary>
    public static void Validate(InversionFlags flags, SessionSettings session)
    {
        ArgumentNullException.ThrowIfNull(flags);
        var (prior, none) = InvertSettings.ParsePrior(flags.Prior);
        _ = InvertSettings.Build(flags, prior, none, session);
        _ = InvertSettings.InitFile(flags.Init);
    }

    /// <summary>Opens the encoder and mask <paramref name="flags"/> name for <paramref name="generator"/> and builds the engine options.</summary>
    public static InversionSetup For(InversionFlags flags, Generator generator, SessionSettings session)
    {
        ArgumentNullException.ThrowIfNull(flags);
        ArgumentNullException.ThrowIfNull(generator);
        var (prior, none) = InvertSettings.ParsePrior(flags.Prior);
        string? encoderFile = InvertSettings.EncoderFile(flags.Init);
        var encoder = encoderFile is null ? null : LatentEncoder.Open(ResolveEncoder(encoderFile, generator), session);
        try
        {
            float[]? mask = flags.Mask is null ? null : MaskFile.Load(flags.Mask, generator.ImageShape);
            return new InversionSetup(InvertSettings.Build(flags, prior, none, session, encoder, mask), encoder, mask);
        }
        catch
        {
            encoder?.Dispose();
            throw;
        }
    }

    /// <summary>The inverter for <paramref name="generator"/>; options the generator cannot take are a <see cref="UsageException"/>.</summary>
    public Inverter CreateInverter(Generator generator)
    {
        try
        {
            return Inverter.Create(generator, Settings);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    public void Dispose() => Encoder?.Dispose();

    /// <summary>The encoder of --init encoder:PATH, or for a bare --init encoder the one the model card names beside the model.</summary>
    private static string ResolveEncoder(string file, Generator generator)
    {
        if (file.Length > 0)
        {
            return file;
        }

        string? named = generator.Card?.Encoder?.File;
        if (named is null)
        {
            throw new UsageException($"--init encoder: the model card of {generator.Path} names no encoder; give one with --init encoder:PATH.onnx");
        }

        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(generator.Path)) ?? ".", named);
    }
}
