namespace OnnxInvert.BackendRoundTrip.Suite;

/// <summary>The results of a whole run, with the totals the report states.</summary>
internal sealed class SuiteResult
{
    public SuiteResult(string dataDirectory, string runtimeVersion, IReadOnlyList<CaseResult> cases, TimeSpan elapsed)
    {
        DataDirectory = dataDirectory;
        RuntimeVersion = runtimeVersion;
        Cases = cases;
        Elapsed = elapsed;
    }

    /// <summary>The folder of the node tests.</summary>
    public string DataDirectory { get; }

    /// <summary>The ONNX Runtime version the cases ran on.</summary>
    public string RuntimeVersion { get; }

    /// <summary>Every case, in name order.</summary>
    public IReadOnlyList<CaseResult> Cases { get; }

    /// <summary>The wall time of the whole run.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>How many cases were run.</summary>
    public int Run => Cases.Count;

    /// <summary>How many cases passed.</summary>
    public int Passed => Count(CaseOutcome.Passed);

    /// <summary>How many re-serialisations equal the original file byte for byte.</summary>
    public int ByteIdentical => Cases.Count(c => c.IsByteIdentical);

    /// <summary>How many re-serialisations parse back to an equal message.</summary>
    public int ReparseEqual => Cases.Count(c => c.ReparsesEqual);

    /// <summary>How many files hold only fields our schema declares.</summary>
    public int SchemaCovered => Cases.Count(c => c.SchemaCoversEveryField);

    /// <summary>The cases in <paramref name="outcome"/>, in name order.</summary>
    public IReadOnlyList<CaseResult> InCategory(CaseOutcome outcome) => [.. Cases.Where(c => c.Outcome == outcome)];

    /// <summary>How many cases are in <paramref name="outcome"/>.</summary>
    public int Count(CaseOutcome outcome) => Cases.Count(c => c.Outcome == outcome);

    /// <summary>"N passed / M run, ..." on one line.</summary>
    public string Summary =>
        $"{Passed} passed / {Run} run; fails on the original too: {Count(CaseOutcome.FailsOnOriginal)}; " +
        $"not feedable: {Count(CaseOutcome.NotFeedable)}; regressions: {Count(CaseOutcome.Regression)}; " +
        $"byte-identical re-serialisations: {ByteIdentical} / {Run}; schema declares every field: {SchemaCovered} / {Run}";
}
