using System.Diagnostics;
using OnnxInvert.Onnx.IO;

namespace OnnxInvert.BackendRoundTrip.Suite;

/// <summary>
/// Runs one case: our reader and writer round trip, then ONNX Runtime on our bytes; when that fails, on the original
/// bytes too, so that only failures the original does not share count as ours.
/// </summary>
internal sealed class CaseRunner
{
    private readonly ModelExecution _execution;

    public CaseRunner(ModelExecution execution) => _execution = execution;

    /// <summary>Runs <paramref name="testCase"/> and classifies it.</summary>
    public CaseResult Run(BackendCase testCase)
    {
        long started = Stopwatch.GetTimestamp();
        (CaseOutcome outcome, string? reason, ModelRoundTrip? roundTrip) = Classify(testCase);
        return new CaseResult(
            testCase.Name,
            outcome,
            reason,
            roundTrip?.IsByteIdentical ?? false,
            roundTrip?.ReparsesEqual ?? false,
            roundTrip?.SchemaCoversEveryField ?? false,
            Stopwatch.GetElapsedTime(started));
    }

    private (CaseOutcome, string?, ModelRoundTrip?) Classify(BackendCase testCase)
    {
        ModelRoundTrip roundTrip;
        try
        {
            roundTrip = ModelRoundTrip.Run(testCase.ModelPath);
        }
        catch (OnnxModelException ex)
        {
            RunAttempt original = _execution.Load(File.ReadAllBytes(testCase.ModelPath));
            return original.Succeeded
                ? (CaseOutcome.Regression, $"our reader rejects a model ONNX Runtime loads: {RunAttempt.OneLine(ex.Message)}", null)
                : (CaseOutcome.FailsOnOriginal, $"our reader rejects it ({RunAttempt.OneLine(ex.Message)}); original: {original.Failure}", null);
        }

        (CaseOutcome outcome, string? reason) = Classify(testCase, roundTrip);
        if (!roundTrip.IsByteIdentical && !roundTrip.ReparsesEqual)
        {
            (outcome, reason) = (CaseOutcome.Regression, $"the re-serialised bytes parse to a different message; {reason}");
        }

        return (outcome, reason, roundTrip);
    }

    private (CaseOutcome, string?) Classify(BackendCase testCase, ModelRoundTrip roundTrip)
    {
        var graph = GraphInterface.Of(roundTrip.Model);
        string? notFeedable = graph.WhyNotFeedable();
        CaseData? data = null;
        if (notFeedable is null)
        {
            try
            {
                data = CaseData.Load(testCase, graph);
            }
            catch (Exception ex) when (ex is InvalidDataException or NotSupportedException or Google.Protobuf.InvalidProtocolBufferException)
            {
                notFeedable = $"test data: {RunAttempt.OneLine(ex.Message)}";
            }
        }

        if (data is null)
        {
            return NotFeedable(notFeedable!, roundTrip);
        }

        RunAttempt ours = _execution.Run(roundTrip.OurBytes, data);
        if (ours.Succeeded)
        {
            return (CaseOutcome.Passed, null);
        }

        RunAttempt original = _execution.Run(roundTrip.OriginalBytes, data);
        return original.Succeeded
            ? (CaseOutcome.Regression, $"fails with our bytes only: {ours.Failure}")
            : (CaseOutcome.FailsOnOriginal, SameOrBoth(ours, original));
    }

    /// <summary>
    /// A case the harness cannot run is still loaded from both byte sequences: our bytes must load wherever the
    /// original does.
    /// </summary>
    private (CaseOutcome, string?) NotFeedable(string why, ModelRoundTrip roundTrip)
    {
        RunAttempt ours = _execution.Load(roundTrip.OurBytes);
        RunAttempt original = ours.Succeeded || roundTrip.IsByteIdentical ? ours : _execution.Load(roundTrip.OriginalBytes);
        if (!ours.Succeeded && original.Succeeded)
        {
            return (CaseOutcome.Regression, $"{why}; our bytes do not load but the original does: {ours.Failure}");
        }

        string loads = ours.Succeeded ? "loads in ONNX Runtime" : $"does not load in ONNX Runtime, original neither ({original.Failure})";
        return (CaseOutcome.NotFeedable, $"{why}; {loads}");
    }

    private static string SameOrBoth(RunAttempt ours, RunAttempt original) =>
        ours.Failure == original.Failure ? original.Failure! : $"{original.Failure} (with our bytes: {ours.Failure})";
}
