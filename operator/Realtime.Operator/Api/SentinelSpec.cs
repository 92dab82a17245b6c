using System.ComponentModel;
using k8s.Models;
using Realtime.Operator.Api.Schema;

namespace Realtime.Operator.Api;

/// <summary>The Redis Sentinels that watch a shard's master and promote a replica when it fails.</summary>
public sealed class SentinelSpec
{
    public const int Port = 26379;

    [Description("Sentinels that must agree that the master is down before a failover starts (sentinel monitor's quorum). A majority of highAvailability.replicas, so that a partitioned minority never declares the master down.")]
    [NumberRange(1, 9)]
    public int Quorum { get; set; } = 2;

    [Description("How long the master may not answer before a Sentinel considers it down (down-after-milliseconds). A failover takes this plus the election, about a second more. The backplane holds no data and the servers hold their publishes meanwhile, so a needless failover costs a second or two of delay while a late one leaves every pod deaf: the default is the shortest allowed. Raise it where Redis pods are CPU-throttled or their nodes pause for longer.")]
    [NumberRange(1000, 600000)]
    public int DownAfterMilliseconds { get; set; } = 1000;

    [Description("How long one failover attempt may take before Sentinels try again with another (failover-timeout); also the time they wait before failing over the same master again.")]
    [NumberRange(3000, 3600000)]
    public int FailoverTimeoutMilliseconds { get; set; } = 30000;

    [Description("CPU and memory requests and limits of each Sentinel container.")]
    public V1ResourceRequirements? Resources { get; set; }
}
