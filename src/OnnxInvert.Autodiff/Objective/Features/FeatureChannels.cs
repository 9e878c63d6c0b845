namespace OnnxInvert.Autodiff.Objective.Features;

/// <summary>How G's image channels are mapped to the feature network's input channels.</summary>
public enum FeatureChannels
{
    /// <summary>From the feature network's declared channel count: replicate gray to RGB, or RGB to luminance, or keep.</summary>
    Auto,

    /// <summary>Feed G's channels unchanged.</summary>
    Keep,

    /// <summary>One channel replicated three times.</summary>
    GrayToRgb,

    /// <summary>Three channels to one: luminance 0.299·R + 0.587·G + 0.114·B (ITU-R BT.601).</summary>
    RgbToGray,
}
