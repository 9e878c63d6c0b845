namespace OnnxInvert.Inversion.Models.Adaptation;

/// <summary>How an image tensor lays out its axes; the engine always sees <see cref="Nchw"/>.</summary>
public enum ImageLayout
{
    /// <summary>[N, C, H, W] (PyTorch's convention).</summary>
    Nchw,

    /// <summary>[N, H, W, C] (Keras/TensorFlow's convention).</summary>
    Nhwc,

    /// <summary>[C, H, W]: one image without a batch axis (fixed-batch-1 exports that index the batch away).</summary>
    Chw,

    /// <summary>[H, W, C]: one image without a batch axis, channels last.</summary>
    Hwc,

    /// <summary>[N, C·H·W]: a flat vector per image in C, H, W order; the image shape must be given.</summary>
    Flat,
}
