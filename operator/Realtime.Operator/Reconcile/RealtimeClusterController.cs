using k8s.Models;
using Realtime.Operator.Api;
using Realtime.Operator.Builders.Routing;
using Realtime.Operator.Runtime.Controllers;
using Realtime.Operator.Runtime.Kinds;

namespace Realtime.Operator.Reconcile;

/// <summary>
/// The RealtimeCluster controller's declaration: every kind the builders may produce is owned here, so the
/// controller watches it, caches it, maps its events to the owning cluster and may prune it. A new child kind is
/// one <c>Owns</c> line.
/// </summary>
internal static class RealtimeClusterController
{
    public const string FieldManager = "realtime-operator";

    /// <summary>Children carry this label, so the child watches skip everything else in the namespace.</summary>
    public const string OwnedSelector = "app.kubernetes.io/managed-by=realtime-operator";

    /// <summary>The owned kinds, for the reconciler's lookups outside a term and for the RBAC checks.</summary>
    public static KindRegistry Children { get; } = Declare([]).Kinds;

    public static ControllerBuilder<RealtimeCluster> Declare(IReadOnlyList<string> namespaces) =>
        ControllerBuilder.For<RealtimeCluster>()
            .Owns<V1Secret>()
            .Owns<V1ConfigMap>()
            .Owns<V1PersistentVolumeClaim>()
            .Owns<V1Service>()
            .Owns<V1Deployment>()
            .Owns<V1StatefulSet>()
            .Owns<V1NetworkPolicy>()
            .Owns<V1PodDisruptionBudget>()
            .Owns<V2HorizontalPodAutoscaler>()
            .Owns<V1Ingress>()
            .Owns<HttpRoute>(optional: true)
            .WithOwnedSelector(OwnedSelector)
            .InNamespaces(namespaces);
}
