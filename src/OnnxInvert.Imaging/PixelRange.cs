namespace OnnxInvert.Imaging;

/// <summary>The value range of a generator's image output, to which 8-bit pixels 0..255 are mapped linearly.</summary>
public enum PixelRange
{
    /// <summary>[0, 1]: pixel p maps to p / 255 (sigmoid outputs).</summary>
    ZeroToOne,

    /// <summary>[-1, 1]: pixel p maps to p / 127.5 - 1 (tanh outputs).</summary>
    MinusOneToOne,
}
