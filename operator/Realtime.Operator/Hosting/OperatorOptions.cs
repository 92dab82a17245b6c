using Realtime.Operator.Runtime.Configuration;
using Realtime.Operator.Runtime.Leadership;

namespace Realtime.Operator.Hosting;

/// <summary>Everything `realtime-operator run` needs to know about where it runs and what it watches.</summary>
internal sealed record OperatorOptions
{
    /// <summary>Path of a kubeconfig; null uses $KUBECONFIG, ~/.kube/config or the in-cluster service account.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>Namespaces to watch; empty means every namespace.</summary>
    public IReadOnlyList<string> WatchNamespaces { get; init; } = [];

    /// <summary>Where /metrics is served.</summary>
    public BindAddress MetricsBindAddress { get; init; } = BindAddress.Parse(":8080");

    /// <summary>Where /healthz and /readyz are served; the same port as metrics serves all three on one listener.</summary>
    public BindAddress HealthProbeBindAddress { get; init; } = BindAddress.Parse(":8081");

    public bool LeaderElection { get; init; } = true;

    /// <summary>Namespace of the leader Lease; defaults to the pod's namespace.</summary>
    public string? LeaderElectionNamespace { get; init; }

    public string LeaseName { get; init; } = "realtime-operator-leader";

    /// <summary>This replica's identity in the Lease: POD_NAME, else the host name with a random suffix.</summary>
    public string Identity { get; init; } = LeaderIdentity.FromEnvironment();

    /// <summary>Reconciles running at once, over all RealtimeClusters.</summary>
    public int MaxConcurrentReconciles { get; init; } = 4;
}
