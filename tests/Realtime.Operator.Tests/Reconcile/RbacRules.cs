using Realtime.FakeKubeApi;

namespace Realtime.Operator.Tests.Reconcile;

/// <summary>Collapses recorded requests into RBAC rules: one per API group and resource, with the verbs used.</summary>
internal static class RbacRules
{
    /// <summary>What the operator may call (the Helm chart's ClusterRole grants this); a run must stay within it.</summary>
    public static IReadOnlyList<Rule> Expected { get; } =
    [
        new("", "configmaps", "delete,list,patch,watch"),
        new("", "events", "create,get,update"),
        new("", "persistentvolumeclaims", "delete,list,patch,watch"),
        new("", "secrets", "delete,get,list,patch,watch"),
        new("", "services", "delete,list,patch,watch"),
        new("apps", "deployments", "delete,get,list,patch,watch"),
        new("apps", "statefulsets", "delete,list,patch,watch"),
        new("autoscaling", "horizontalpodautoscalers", "delete,list,patch,watch"),
        new("coordination.k8s.io", "leases", "create,get,update"),
        new("gateway.networking.k8s.io", "httproutes", "delete,get,list,patch,watch"),
        new("networking.k8s.io", "ingresses", "delete,list,patch,watch"),
        new("networking.k8s.io", "networkpolicies", "delete,list,patch,watch"),
        new("policy", "poddisruptionbudgets", "delete,list,patch,watch"),
        new("realtime.dev", "realtimeclusters", "get,list,watch"),
        new("realtime.dev", "realtimeclusters/status", "patch"),
    ];

    public static IReadOnlyList<Rule> From(IEnumerable<RecordedRequest> requests) =>
    [
        .. requests
            .GroupBy(r => (r.Group, Resource: r.Subresource.Length > 0 ? $"{r.Resource}/{r.Subresource}" : r.Resource))
            .Select(g => new Rule(g.Key.Group, g.Key.Resource, string.Join(",", g.Select(r => r.Verb).Distinct().Order(StringComparer.Ordinal))))
            .OrderBy(rule => rule.Group, StringComparer.Ordinal).ThenBy(rule => rule.Resource, StringComparer.Ordinal),
    ];

    /// <summary>The (group, resource, verb) calls the rules do not grant.</summary>
    public static IReadOnlyList<string> NotGranted(IReadOnlyList<Rule> used, IReadOnlyList<Rule> granted) =>
    [
        .. used.SelectMany(rule => rule.Verbs.Split(',').Select(verb => (rule.Group, rule.Resource, Verb: verb)))
            .Where(call => !granted.Any(rule => rule.Group == call.Group && rule.Resource == call.Resource && rule.Verbs.Split(',').Contains(call.Verb)))
            .Select(call => $"{call.Verb} {call.Group}/{call.Resource}"),
    ];

    internal sealed record Rule(string Group, string Resource, string Verbs)
    {
        public override string ToString() => $"apiGroups: [\"{Group}\"]  resources: [\"{Resource}\"]  verbs: [{Verbs}]";
    }
}
