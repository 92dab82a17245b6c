using Realtime.Operator.Runtime.Queue;

namespace Realtime.Operator.Runtime.Controllers;

/// <summary>Brings one object's world in line with its spec. Must be idempotent and honour cancellation.</summary>
public interface IReconciler
{
    /// <summary>A thrown exception is logged, counted and retried with per-key backoff.</summary>
    Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken);
}
