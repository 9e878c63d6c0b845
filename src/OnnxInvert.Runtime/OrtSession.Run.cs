using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using OnnxInvert.Runtime.Handles;
using OnnxInvert.Runtime.Native;
using OnnxInvert.Runtime.Sessions;

namespace OnnxInvert.Runtime;

/// <summary>Running the session.</summary>
public sealed unsafe partial class OrtSession
{
    // Pointer slots (names and values) that a run keeps on the stack; more spill to one heap array.
    private const int StackSlots = 64;

    /// <summary>Runs the model and returns the requested outputs as new values, which the caller disposes.</summary>
    /// <param name="inputs">Input names with their values (every input the model needs).</param>
    /// <param name="outputNames">The outputs to compute, in the order they are returned.</param>
    /// <returns>One new value per requested output, in the requested order.</returns>
    /// <exception cref="OrtException">The run failed, e.g. an unknown input or output name (named in the message) or a wrong shape.</exception>
    /// <exception cref="ObjectDisposedException">The session or an input value has been disposed.</exception>
    public IReadOnlyList<OrtValue> Run(IReadOnlyList<(string Name, OrtValue Value)> inputs, IReadOnlyList<string> outputNames)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputNames);
        return Run(inputs.ToArray().AsSpan(), outputNames.ToArray().AsSpan());
    }

    /// <summary>Runs the model and returns the requested outputs as new values, which the caller disposes.</summary>
    /// <param name="inputs">Input names with their values (every input the model needs).</param>
    /// <param name="outputNames">The outputs to compute, in the order they are returned.</param>
    /// <returns>One new value per requested output, in the requested order.</returns>
    /// <exception cref="OrtException">The run failed, e.g. an unknown input or output name (named in the message) or a wrong shape.</exception>
    /// <exception cref="ObjectDisposedException">The session or an input value has been disposed.</exception>
    public IReadOnlyList<OrtValue> Run(ReadOnlySpan<(string Name, OrtValue Value)> inputs, ReadOnlySpan<string> outputNames)
    {
        if (outputNames.IsEmpty)
        {
            throw new ArgumentException("Name at least one output to compute.", nameof(outputNames));
        }

        Span<nint> produced = outputNames.Length <= StackSlots ? stackalloc nint[outputNames.Length] : new nint[outputNames.Length];
        produced.Clear();
        RunCore(inputs, outputNames, preallocated: default, produced);

        var results = new OrtValue[produced.Length];
        for (int i = 0; i < produced.Length; i++)
        {
            results[i] = OrtValue.FromNative(produced[i]);
        }

        return results;
    }

    /// <summary>
    /// Runs the model writing each output into the caller's preallocated value (for instance from
    /// <see cref="OrtValue.Allocate{T}"/> or <see cref="OrtValue.CreateTensor{T}"/> over a reused array). The output
    /// values must have the exact shape and element type the run produces. Names are passed to the runtime from
    /// UTF-8 copies cached by the session, so a repeated call allocates no managed memory.
    /// </summary>
    /// <param name="inputs">Input names with their values.</param>
    /// <param name="outputs">Output names with the values to write into.</param>
    /// <exception cref="OrtException">The run failed (unknown name, wrong shape or type, ...).</exception>
    /// <exception cref="ObjectDisposedException">The session or one of the values has been disposed.</exception>
    public void Run(ReadOnlySpan<(string Name, OrtValue Value)> inputs, ReadOnlySpan<(string Name, OrtValue Value)> outputs)
    {
        if (outputs.IsEmpty)
        {
            throw new ArgumentException("Name at least one output to compute.", nameof(outputs));
        }

        Span<nint> values = outputs.Length <= StackSlots ? stackalloc nint[outputs.Length] : new nint[outputs.Length];
        values.Clear();
        RunCore(inputs, outputNames: default, outputs, values);
    }

    /// <summary>
    /// One native run. Output names come from <paramref name="outputNames"/>, or from <paramref name="preallocated"/>
    /// whose values are then passed in <paramref name="outputValues"/>; otherwise the runtime fills
    /// <paramref name="outputValues"/> with new values.
    /// </summary>
    private void RunCore(
        ReadOnlySpan<(string Name, OrtValue Value)> inputs,
        ReadOnlySpan<string> outputNames,
        ReadOnlySpan<(string Name, OrtValue Value)> preallocated,
        Span<nint> outputValues)
    {
        SessionHandle session = Handle;
        int inputCount = inputs.Length;
        int outputCount = outputValues.Length;
        int slots = (2 * inputCount) + outputCount;
        Span<nint> scratch = slots <= StackSlots ? stackalloc nint[StackSlots] : new nint[slots];
        scratch = scratch[..slots];
        scratch.Clear();
        Span<nint> inputNamePtrs = scratch[..inputCount];
        Span<nint> inputValuePtrs = scratch.Slice(inputCount, inputCount);
        Span<nint> outputNamePtrs = scratch.Slice(2 * inputCount, outputCount);
        bool sessionAdded = false;
        bool optionsAdded = false;
        try
        {
            session.DangerousAddRef(ref sessionAdded);
            _runOptions.DangerousAddRef(ref optionsAdded);
            for (int i = 0; i < inputCount; i++)
            {
                (string name, OrtValue value) = inputs[i];
                inputNamePtrs[i] = NameAddress(_inputNames, name, "input");
                inputValuePtrs[i] = AddRef(value, "input", name);
            }

            EnsureEveryInputGiven(inputNamePtrs);
            for (int i = 0; i < outputCount; i++)
            {
                string name = preallocated.IsEmpty ? outputNames[i] : preallocated[i].Name;
                outputNamePtrs[i] = NameAddress(_outputNames, name, "output");
                if (!preallocated.IsEmpty)
                {
                    outputValues[i] = AddRef(preallocated[i].Value, "output", name);
                }
            }

            OrtApiTable api = OrtLibrary.Api;
            fixed (nint* inNames = inputNamePtrs)
            fixed (nint* inValues = inputValuePtrs)
            fixed (nint* outNames = outputNamePtrs)
            fixed (nint* outValues = outputValues)
            {
                api.Check(
                    api.Run(session.DangerousGetHandle(), _runOptions.DangerousGetHandle(), inNames, inValues, (nuint)inputCount, outNames, (nuint)outputCount, outValues),
                    _runDoing);
            }
        }
        finally
        {
            for (int i = 0; i < inputCount; i++)
            {
                FreeName(_inputNames, inputNamePtrs[i]);
                if (inputValuePtrs[i] != 0)
                {
                    inputs[i].Value.ReleaseRef();
                }
            }

            for (int i = 0; i < outputCount; i++)
            {
                FreeName(_outputNames, outputNamePtrs[i]);
                if (!preallocated.IsEmpty && outputValues[i] != 0)
                {
                    preallocated[i].Value.ReleaseRef();
                }
            }

            if (optionsAdded)
            {
                _runOptions.DangerousRelease();
            }

            if (sessionAdded)
            {
                session.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Throws when a declared input is missing from <paramref name="given"/> (the runtime would only notice inside the
    /// first operator that reads it, after logging an error). Skipped when a name is not declared, so that the
    /// runtime's own message names it.
    /// </summary>
    private void EnsureEveryInputGiven(ReadOnlySpan<nint> given)
    {
        foreach (nint address in given)
        {
            if (!_inputNames.Owns(address))
            {
                return; // an undeclared name: the runtime reports it (or accepts it as an overridable initializer)
            }
        }

        for (int i = 0; i < _inputNames.Count; i++)
        {
            if (given.IndexOf(_inputNames.AddressAt(i)) < 0)
            {
                ThrowMissingInput(_inputNames.Names[i]);
            }
        }
    }

    [DoesNotReturn]
    private void ThrowMissingInput(string name) =>
        throw new OrtException(
            OrtErrorCode.InvalidArgument,
            $"Running {Source} failed (InvalidArgument): input '{name}' was not given; the model's inputs are: {string.Join(", ", _inputNames.Names)}.");

    /// <summary>
    /// The cached UTF-8 copy of a declared name; a name the model does not declare is encoded for this call only (the
    /// runtime then reports it, or accepts it as an overridable initializer).
    /// </summary>
    private static nint NameAddress(NameTable table, string name, string role)
    {
        if (name is null)
        {
            throw new ArgumentNullException(role == "input" ? "inputs" : "outputs", $"An {role} name is null.");
        }

        nint address = table.Find(name);
        return address != 0 ? address : Marshal.StringToCoTaskMemUTF8(name);
    }

    private static void FreeName(NameTable table, nint address)
    {
        if (address != 0 && !table.Owns(address))
        {
            Marshal.FreeCoTaskMem(address);
        }
    }

    private static nint AddRef(OrtValue value, string role, string name)
    {
        if (value is null)
        {
            throw new ArgumentNullException(role == "input" ? "inputs" : "outputs", $"The value for {role} '{name}' is null.");
        }

        if (value.IsDisposed)
        {
            throw new ObjectDisposedException(nameof(OrtValue), $"The value for {role} '{name}' has been disposed.");
        }

        return value.AddRef();
    }
}
