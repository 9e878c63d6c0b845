namespace OnnxInvert.Inversion.Engine;

/// <summary>
/// Whether the objective's per-slot inputs and its image output stay in the session's memory between steps
/// (<see cref="InversionOptions.DeviceResident"/>): then each step moves only the latents to the session and the
/// gradients and per-image losses back, through an IO binding.
/// </summary>
public enum DeviceResidency
{
    /// <summary>Resident on any provider other than the CPU (CUDA, TensorRT, ...); the plain path on the CPU.</summary>
    Auto = 0,

    /// <summary>Always resident, on the CPU too (where the "device" is host memory owned by ONNX Runtime).</summary>
    On = 1,

    /// <summary>Never: every step binds the host buffers whole, as on the CPU.</summary>
    Off = 2,
}
