using OnnxInvert.BackendRoundTrip.Tensors;
using OnnxInvert.Runtime;

namespace OnnxInvert.BackendRoundTrip.Suite;

/// <summary>Loads model bytes into an ONNX Runtime session, runs a case's inputs and checks its outputs.</summary>
internal sealed class ModelExecution
{
    private readonly SessionSettings _settings;

    public ModelExecution(SessionSettings settings) => _settings = settings;

    /// <summary>Whether <paramref name="model"/> loads in the runtime; the reason when it does not.</summary>
    public RunAttempt Load(byte[] model)
    {
        try
        {
            using OrtSession session = OrtSession.FromBytes(model, _settings);
            return RunAttempt.Success;
        }
        catch (OrtException ex)
        {
            return RunAttempt.Failed("load", ex.RuntimeMessage);
        }
    }

    /// <summary>Runs <paramref name="model"/> on <paramref name="data"/> and compares every output with the expected one.</summary>
    public RunAttempt Run(byte[] model, CaseData data)
    {
        OrtSession session;
        try
        {
            session = OrtSession.FromBytes(model, _settings);
        }
        catch (OrtException ex)
        {
            return RunAttempt.Failed("load", ex.RuntimeMessage);
        }

        using (session)
        {
            var inputs = new (string Name, OrtValue Value)[data.Inputs.Count];
            try
            {
                for (int i = 0; i < inputs.Length; i++)
                {
                    inputs[i] = (data.Inputs[i].Name, data.Inputs[i].Tensor.ToOrtValue());
                }

                return RunAndCompare(session, inputs, data.ExpectedOutputs);
            }
            finally
            {
                foreach ((_, OrtValue? value) in inputs)
                {
                    value?.Dispose();
                }
            }
        }
    }

    private static RunAttempt RunAndCompare(OrtSession session, (string Name, OrtValue Value)[] inputs, IReadOnlyList<(string Name, HostTensor Tensor)> expected)
    {
        string[] names = [.. expected.Select(e => e.Name)];
        IReadOnlyList<OrtValue> outputs;
        try
        {
            outputs = session.Run(inputs, names);
        }
        catch (OrtException ex)
        {
            return RunAttempt.Failed("run", ex.RuntimeMessage);
        }

        try
        {
            for (int i = 0; i < outputs.Count; i++)
            {
                HostTensor actual;
                try
                {
                    actual = OrtValueReader.Read(outputs[i]);
                }
                catch (NotSupportedException ex)
                {
                    return RunAttempt.Failed("outputs", $"output '{names[i]}': {ex.Message}");
                }

                if (OutputComparer.Mismatch(names[i], expected[i].Tensor, actual) is { } mismatch)
                {
                    return RunAttempt.Failed("outputs", mismatch);
                }
            }

            return RunAttempt.Success;
        }
        finally
        {
            foreach (OrtValue output in outputs)
            {
                output.Dispose();
            }
        }
    }
}
