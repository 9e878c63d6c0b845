namespace OnnxInvert.BackendRoundTrip.Suite;

/// <summary>How a case ended, in the categories of the round-trip report.</summary>
internal enum CaseOutcome
{
    /// <summary>(a) Our bytes loaded, ran and gave the expected outputs.</summary>
    Passed,

    /// <summary>(b) Our bytes failed, and ONNX Runtime fails on the original file as well.</summary>
    FailsOnOriginal,

    /// <summary>(c) The harness cannot feed or read the model (non-tensor values or element types the binding lacks).</summary>
    NotFeedable,

    /// <summary>(d) Our bytes fail where the original passes, or the round trip changed the model: a bug in our model I/O.</summary>
    Regression,
}
