namespace OnnxInvert.Inversion.Models.Adaptation;

/// <summary>An image tensor's value range traced back to a bounded activation, and how it was traced.</summary>
/// <param name="Low">The smallest value the tensor can take.</param>
/// <param name="High">The largest value the tensor can take.</param>
/// <param name="Source">In words: "Tanh node '/Tanh' through Mul, Add, Transpose".</param>
public sealed record InferredRange(float Low, float High, string Source);
