using OnnxInvert.Autodiff.Objective.Features;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Runtime;

namespace OnnxInvert.Inversion.Engine;

/// <summary>
/// Computes a target's features once, when the target enters a batch slot: runs the feature extractor on the slot's
/// target image and writes its outputs into the slot's rows of the objective's target-feature inputs. The runtime
/// values over each slot's rows are made the first time the slot is filled and reused after.
/// </summary>
internal sealed class FeatureTargetExtractor : IDisposable
{
    private readonly OrtSession _session;
    private readonly FeatureExtractor _extractor;
    private readonly ObjectiveBuffers _buffers;
    private readonly long[] _imageShape;
    private readonly Binding?[] _bindings;

    public FeatureTargetExtractor(FeatureExtractor extractor, ObjectiveBuffers buffers, long[] imageShape, SessionSettings settings)
    {
        _extractor = extractor;
        _buffers = buffers;
        _imageShape = imageShape;
        _session = OrtSession.FromBytes(OnnxModelWriter.ToBytes(extractor.Model), settings);
        _bindings = new Binding?[buffers.Capacity];
    }

    /// <summary>Writes the features of slot <paramref name="slot"/>'s target into that slot's feature rows.</summary>
    public void Extract(int slot)
    {
        var binding = _bindings[slot] ??= Bind(slot);
        _session.Run(binding.Inputs, binding.Outputs);
    }

    public void Dispose()
    {
        foreach (var binding in _bindings)
        {
            binding?.Dispose();
        }

        _session.Dispose();
    }

    private Binding Bind(int slot)
    {
        int image = _buffers.ImageLength;
        var inputs = new (string, OrtValue)[] { (_extractor.Input, OrtValue.CreateTensor<float>(_buffers.Targets.AsMemory(slot * image, image), [1, .. _imageShape])) };
        var outputs = new (string, OrtValue)[_extractor.Outputs.Count];
        for (int f = 0; f < outputs.Length; f++)
        {
            int n = _buffers.FeatureLengths[f];
            outputs[f] = (_extractor.Outputs[f], OrtValue.CreateTensor<float>(_buffers.FeatureTargets[f].AsMemory(slot * n, n), [1, .. _extractor.OutputShapes[f]]));
        }

        return new Binding(inputs, outputs);
    }

    private sealed record Binding((string, OrtValue)[] Inputs, (string, OrtValue)[] Outputs) : IDisposable
    {
        public void Dispose()
        {
            foreach (var (_, value) in Inputs.Concat(Outputs))
            {
                value.Dispose();
            }
        }
    }
}
