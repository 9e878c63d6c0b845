using System.Globalization;
using OnnxInvert.Autodiff.Objective.Features;
using OnnxInvert.Inversion.Constraints;
using OnnxInvert.Onnx.IO;

namespace OnnxInvert.Cli.Verbs.Shared;

/// <summary>Turns the --feature-* and --noise-* flags into the engine's feature spec and noise regularisation; every invalid value is a <see cref="UsageException"/> naming the flag.</summary>
internal static class FeatureFlags
{
    /// <summary>The feature term of --feature-model, or null without it.</summary>
    public static FeatureSpec? Spec(InversionFlags o)
    {
        if (o.FeatureModel is null)
        {
            if (o.FeatureOutput is not null || o.FeatureRange is not null || o.FeatureMean is not null || o.FeatureStd is not null)
            {
                throw new UsageException("--feature-output, --feature-range, --feature-mean and --feature-std need --feature-model");
            }

            return null;
        }

        if (!File.Exists(o.FeatureModel))
        {
            throw new UsageException($"--feature-model: no such file '{o.FeatureModel}'");
        }

        if (!double.IsFinite(o.FeatureWeight) || o.FeatureWeight < 0)
        {
            throw new UsageException($"--feature-weight must be a finite number of 0 or more; got {o.FeatureWeight.ToString(CultureInfo.InvariantCulture)}");
        }

        Onnx.Proto.ModelProto model;
        try
        {
            model = OnnxModelReader.Read(o.FeatureModel);
        }
        catch (OnnxModelException ex)
        {
            throw new UsageException($"--feature-model '{o.FeatureModel}': {ex.Message}");
        }

        var (resize, size) = ParseResize(o.FeatureResize);
        return new FeatureSpec
        {
            Model = model,
            Name = $"feature model '{Path.GetFileName(o.FeatureModel)}'",
            Layers = ParseLayers(o.FeatureOutput),
            Weight = o.FeatureWeight,
            Distance = o.FeatureDistance.ToLowerInvariant() switch
            {
                "mse" or "l2" => FeatureDistance.Mse,
                "l1" => FeatureDistance.L1,
                "cosine" => FeatureDistance.Cosine,
                _ => throw new UsageException($"--feature-distance must be one of mse, l1, cosine; got '{o.FeatureDistance}'"),
            },
            NormalizeChannels = !o.FeatureRaw,
            Adaptation = new FeatureInputAdaptation
            {
                Resize = resize,
                Size = size,
                Channels = o.FeatureChannels.ToLowerInvariant() switch
                {
                    "auto" => FeatureChannels.Auto,
                    "keep" => FeatureChannels.Keep,
                    "gray-to-rgb" => FeatureChannels.GrayToRgb,
                    "rgb-to-gray" => FeatureChannels.RgbToGray,
                    _ => throw new UsageException($"--feature-channels must be one of auto, keep, gray-to-rgb, rgb-to-gray; got '{o.FeatureChannels}'"),
                },
                Range = RangeFlag.Parse(o.FeatureRange, "--feature-range"),
                Mean = o.FeatureMean is null ? null : Numbers("--feature-mean", o.FeatureMean),
                Std = o.FeatureStd is null ? null : Numbers("--feature-std", o.FeatureStd),
            },
        };
    }

    /// <summary>The noise regularisation of --noise-latents (weight --noise-regularize, 1e5 by default), or null.</summary>
    public static NoiseRegularization? Noise(InversionFlags o)
    {
        if (o.NoiseLatents is null)
        {
            return o.NoiseRegularize is null ? null : throw new UsageException("--noise-regularize needs --noise-latents (the noise-map latents it applies to)");
        }

        var names = o.NoiseLatents.Split(',', StringSplitOptions.TrimEntries);
        var noise = new NoiseRegularization(names, o.NoiseRegularize ?? NoiseRegularization.DefaultWeight);
        try
        {
            noise.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"{(ex.ParamName == nameof(NoiseRegularization.Weight) ? "--noise-regularize" : "--noise-latents")}: {ex.Message.Split(" (Parameter")[0]}");
        }

        return noise;
    }

    private static FeatureLayer[] ParseLayers(string? text)
    {
        if (text is null)
        {
            return [];
        }

        return [.. text.Split(',', StringSplitOptions.TrimEntries).Select(item =>
        {
            var parts = item.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts[0].Length == 0 || (parts.Length == 2 && parts[1].Length == 0))
            {
                throw new UsageException($"--feature-output takes NAME or NAME=WEIGHTS items, comma-separated; got '{text}'");
            }

            return new FeatureLayer(parts[0]) { ChannelWeightsOutput = parts.Length == 2 ? parts[1] : null };
        })];
    }

    private static (bool Resize, (long, long)? Size) ParseResize(string text)
    {
        switch (text.ToLowerInvariant())
        {
            case "auto":
                return (true, null);
            case "none":
                return (false, null);
        }

        var parts = text.Split([',', 'x'], StringSplitOptions.TrimEntries);
        return parts.Length == 2 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out long h) && long.TryParse(parts[1], CultureInfo.InvariantCulture, out long w) && h > 0 && w > 0
            ? (true, (h, w))
            : throw new UsageException($"--feature-resize must be auto, none or H,W (positive sizes); got '{text}'");
    }

    private static float[] Numbers(string flag, string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new float[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !float.IsFinite(values[i]))
            {
                throw new UsageException($"{flag} takes comma-separated numbers; got '{text}'");
            }
        }

        return values;
    }
}
