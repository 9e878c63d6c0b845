namespace OnnxInvert.BackendRoundTrip.Suite;

/// <summary>The result of one case.</summary>
/// <param name="Name">The case, e.g. <c>test_abs</c>.</param>
/// <param name="Outcome">Its category.</param>
/// <param name="Reason">Why it did not pass (null when it passed).</param>
/// <param name="IsByteIdentical">Whether our re-serialisation equals the original file byte for byte.</param>
/// <param name="ReparsesEqual">Whether our re-serialisation parses to a message equal to the one read.</param>
/// <param name="SchemaCoversEveryField">Whether our schema declares every field of the file (see <see cref="ModelRoundTrip.SchemaCoversEveryField"/>).</param>
/// <param name="Elapsed">How long the case took.</param>
internal sealed record CaseResult(string Name, CaseOutcome Outcome, string? Reason, bool IsByteIdentical, bool ReparsesEqual, bool SchemaCoversEveryField, TimeSpan Elapsed);
