using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Realtime.Operator.Runtime.Leadership;

/// <summary>
/// Hands the Lease back on a graceful stop, as client-go's leader election does with ReleaseOnCancel
/// (tools/leaderelection/leaderelection.go, release): the holder is cleared and the lease shortened to one second,
/// so a standby takes over on its next retry instead of waiting out the whole lease duration.
/// </summary>
internal static class LeaseRelease
{
    /// <returns>True when this identity held the Lease and it is now released; false when someone else holds it.</returns>
    /// <remarks>
    /// The write carries the resourceVersion that was read (client-go's resourcelock/leaselock.go Update sends the
    /// lease it last saw), so a replica that took over meanwhile is never overwritten. A 409 can also come from this
    /// replica's own last renewal landing after the read (client-go loses its release that way), so a conflict
    /// reads again and retries while the Lease still names this identity.
    /// </remarks>
    public static async Task<bool> ReleaseAsync(IKubernetes client, string ns, string name, string identity, TimeProvider time, CancellationToken cancellationToken)
    {
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            V1Lease lease;
            try
            {
                lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(name, ns, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }

            if (lease.Spec?.HolderIdentity != identity)
            {
                return false;
            }

            var now = time.GetUtcNow().UtcDateTime;
            lease.Spec = new V1LeaseSpec
            {
                HolderIdentity = "",
                LeaseDurationSeconds = 1,
                AcquireTime = now,
                RenewTime = now,
                LeaseTransitions = lease.Spec.LeaseTransitions,
            };
            try
            {
                await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, name, ns, cancellationToken: cancellationToken);
                return true;
            }
            catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.Conflict && attempt < attempts)
            {
                // Read again: either our own late renewal (retry) or a new holder (give up above).
            }
        }
    }
}
