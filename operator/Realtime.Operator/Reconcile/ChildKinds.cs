using k8s;
using k8s.Models;
using Realtime.Operator.Builders.Routing;

namespace Realtime.Operator.Reconcile;

/// <summary>Every kind the builders may produce; the controller watches them all and may prune any of them.</summary>
public static class ChildKinds
{
    public static IReadOnlyList<ChildKind> All { get; } =
    [
        ChildKind.Of<V1Secret>("", "v1", "secrets", "Secret"),
        ChildKind.Of<V1ConfigMap>("", "v1", "configmaps", "ConfigMap"),
        ChildKind.Of<V1PersistentVolumeClaim>("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim"),
        ChildKind.Of<V1Service>("", "v1", "services", "Service"),
        ChildKind.Of<V1Deployment>("apps", "v1", "deployments", "Deployment"),
        ChildKind.Of<V1StatefulSet>("apps", "v1", "statefulsets", "StatefulSet"),
        ChildKind.Of<V1NetworkPolicy>("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy"),
        ChildKind.Of<V1PodDisruptionBudget>("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget"),
        ChildKind.Of<V2HorizontalPodAutoscaler>("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler"),
        ChildKind.Of<V1Ingress>("networking.k8s.io", "v1", "ingresses", "Ingress"),
        ChildKind.Of<HttpRoute>(HttpRoute.Group, HttpRoute.Version, HttpRoute.Plural, HttpRoute.KindName, optional: true),
    ];

    public static ChildKind For(IKubernetesObject<V1ObjectMeta> child) =>
        All.FirstOrDefault(kind => kind.ApiVersion == child.ApiVersion && kind.Kind == child.Kind)
        ?? throw new NotSupportedException($"the operator has no child kind {child.ApiVersion}/{child.Kind}");

    public static ChildKind ForResource(string resource) =>
        All.First(kind => kind.Resource == resource);
}
