namespace Realtime.Operator.Runtime.Controllers;

/// <summary>What the work queue does with a key after a reconcile that did not throw.</summary>
public readonly record struct ReconcileResult
{
    private ReconcileResult(TimeSpan? requeueAfter, bool retryWithBackoff)
    {
        RequeueAfter = requeueAfter;
        RetryWithBackoff = retryWithBackoff;
    }

    /// <summary>Converged; the key returns on the next change or resync.</summary>
    public static ReconcileResult Done { get; } = new(null, false);

    /// <summary>Not an error, but the object is known to need another look (for example a blocked dependency), with growing delays.</summary>
    public static ReconcileResult Backoff { get; } = new(null, true);

    public TimeSpan? RequeueAfter { get; }

    public bool RetryWithBackoff { get; }

    /// <summary>Converged for now; look again after the delay (for example while pods roll out).</summary>
    public static ReconcileResult After(TimeSpan delay) => new(delay, false);
}
