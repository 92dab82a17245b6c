namespace Realtime.FakeKubeApi;

/// <summary>A resource the fake serves: where it lives in the URL space, its kind, and whether /status is a subresource.</summary>
public sealed record ResourceType(string Group, string Version, string Plural, string Kind, bool HasStatus, bool Namespaced = true)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string Key => $"{Group}/{Version}/{Plural}";

    /// <summary>
    /// Whether a PUT without metadata.resourceVersion overwrites whatever is stored. Follows each type's registry
    /// strategy in kubernetes/kubernetes (e.g. pkg/registry/coordination/lease/strategy.go returns false for Leases);
    /// when false, generic/registry/store.go Update answers 422 "must be specified for an update".
    /// </summary>
    public bool AllowUnconditionalUpdate { get; init; } = true;

    /// <summary>
    /// The built-in resources a kube-apiserver serves, whatever its clients use, each group as its REST storage
    /// provider in kubernetes/kubernetes registers it ("plural" and "plural/status" entries): a controller that
    /// owns another built-in kind needs no edit here. Namespaced and cluster-scoped as the types' scope.
    /// </summary>
    public static IReadOnlyList<ResourceType> BuiltIn { get; } =
    [
        // pkg/registry/core/rest/storage_core.go (the legacy group at /api/v1).
        new("", "v1", "namespaces", "Namespace", HasStatus: true, Namespaced: false),
        new("", "v1", "pods", "Pod", HasStatus: true),
        new("", "v1", "secrets", "Secret", HasStatus: false),
        new("", "v1", "configmaps", "ConfigMap", HasStatus: false),
        new("", "v1", "services", "Service", HasStatus: true),
        new("", "v1", "endpoints", "Endpoints", HasStatus: false),
        new("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", HasStatus: true),
        new("", "v1", "serviceaccounts", "ServiceAccount", HasStatus: false),
        new("", "v1", "events", "Event", HasStatus: false),
        new("", "v1", "replicationcontrollers", "ReplicationController", HasStatus: true),

        // pkg/registry/apps/rest/storage_apps.go (v1Storage).
        new("apps", "v1", "deployments", "Deployment", HasStatus: true),
        new("apps", "v1", "statefulsets", "StatefulSet", HasStatus: true),
        new("apps", "v1", "daemonsets", "DaemonSet", HasStatus: true),
        new("apps", "v1", "replicasets", "ReplicaSet", HasStatus: true),
        new("apps", "v1", "controllerrevisions", "ControllerRevision", HasStatus: false),

        // pkg/registry/batch/rest/storage_batch.go.
        new("batch", "v1", "jobs", "Job", HasStatus: true),
        new("batch", "v1", "cronjobs", "CronJob", HasStatus: true),

        // pkg/registry/policy/rest/storage_policy.go.
        new("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", HasStatus: true),

        // pkg/registry/autoscaling/rest/storage_autoscaling.go (v2Storage).
        new("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", HasStatus: true),

        // pkg/registry/networking/rest/storage_settings.go (v1Storage; networkpolicies has no status there).
        new("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", HasStatus: false),
        new("networking.k8s.io", "v1", "ingresses", "Ingress", HasStatus: true),
        new("networking.k8s.io", "v1", "ingressclasses", "IngressClass", HasStatus: false, Namespaced: false),

        // pkg/registry/coordination/rest/storage_coordination.go.
        new("coordination.k8s.io", "v1", "leases", "Lease", HasStatus: false) { AllowUnconditionalUpdate = false },
    ];

    /// <summary>Gateway API's HTTPRoute, served only when a test installs it (as a cluster with the CRDs would).</summary>
    public static ResourceType HttpRoute { get; } = new("gateway.networking.k8s.io", "v1", "httproutes", "HTTPRoute", HasStatus: true);
}
