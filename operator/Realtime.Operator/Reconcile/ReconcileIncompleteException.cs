namespace Realtime.Operator.Reconcile;

/// <summary>A reconcile that applied what it could and failed the rest; the controller retries it with backoff.</summary>
internal sealed class ReconcileIncompleteException(string key, IReadOnlyList<ApplyFailure> failures)
    : Exception($"reconcile of {key} incomplete: {string.Join("; ", failures)}")
{
    public IReadOnlyList<ApplyFailure> Failures { get; } = failures;
}
