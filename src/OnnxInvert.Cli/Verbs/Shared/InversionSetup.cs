using System.Globalization;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Runtime;

namespace OnnxInvert.Cli.Verbs.Shared;

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

    /// <summary>Opens the encoder and mask <paramref name="flags"/> name for <paramref name="generator"/> and builds the engine options.</summary>
    /// <remarks><paramref name="prior"/> and <paramref name="priorNone"/> are --prior as parsed once by the verb (<see cref="PriorFlag"/>).</remarks>
    public static InversionSetup For(InversionFlags flags, Generator generator, SessionSettings session, Prior? prior, bool priorNone)
    {
        ArgumentNullException.ThrowIfNull(flags);
        ArgumentNullException.ThrowIfNull(generator);
        string? encoderFile = InvertSettings.EncoderFile(flags.Init);
        var encoder = encoderFile is null ? null : LatentEncoder.Open(ResolveEncoder(encoderFile, generator), session);
        try
        {
            float[]? mask = flags.Mask is null ? null : MaskFile.Load(flags.Mask, generator.ImageShape);
            return new InversionSetup(InvertSettings.Build(flags, prior, priorNone, session, encoder, mask, generator), encoder, mask);
        }
        catch
        {
            encoder?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The inverter for <paramref name="generator"/>, whose condition inputs named in <paramref name="perTargetConditions"/>
    /// may take their values from each target only; options the generator cannot take are a <see cref="UsageException"/>.
    /// </summary>
    public Inverter CreateInverter(Generator generator, IReadOnlyCollection<string>? perTargetConditions = null)
    {
        try
        {
            return Inverter.Create(generator, Settings, perTargetConditions ?? []);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    /// <summary>Tells what the setup adds to a plain inversion: the encoder, the mask, and why samples are coupled.</summary>
    public void Describe(Inverter inverter, string? maskFile, Action<string> notice)
    {
        ArgumentNullException.ThrowIfNull(inverter);
        ArgumentNullException.ThrowIfNull(notice);
        if (Encoder is not null)
        {
            notice($"hybrid initialisation: encoder {Encoder} proposes the starting latents{(Settings.Restarts > 1 ? " of restart 0; the other restarts start from the prior" : string.Empty)}");
        }

        if (Mask is not null)
        {
            notice(string.Create(CultureInfo.InvariantCulture, $"mask {maskFile}: {Mask.Count(w => w > 0)} of {Mask.Length} weights are non-zero"));
        }

        if (!inverter.SamplesIndependent)
        {
            string why = inverter.Coupling.Count > 0 ? $"the generator mixes samples ({string.Join("; ", inverter.Coupling.Take(3))}{(inverter.Coupling.Count > 3 ? "; ..." : string.Empty)})" : "moment matching over the batch mixes samples";
            notice($"{why}; each batch runs as a unit (no refilling), and results depend on which images share a batch");
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
