using k8s.Models;
using Realtime.FakeKubeApi;
using Realtime.Operator.Reconcile;

namespace Realtime.Chart.Tests;

/// <summary>
/// The chart's RBAC against what the operator does: every call it made in a full life cycle is granted, and nothing
/// is granted that neither that behaviour nor the operator's own list of child kinds accounts for.
/// </summary>
public sealed class RbacCoverageTests(OperatorApiCalls calls) : IClassFixture<OperatorApiCalls>
{
    private const string LeaseName = "realtime-operator-leader";

    [Fact]
    public async Task Every_call_the_operator_makes_is_granted_by_the_chart()
    {
        var rules = await ChartRulesAsync();

        Assert.NotEmpty(calls.Requests);
        var denied = calls.Requests.Where(call => !Allows(rules, call.Group, Resource(call), call.Verb, call.Name))
            .Select(call => $"{call.Verb} {call.Group}/{Resource(call)} {call.Namespace}/{call.Name}")
            .Distinct()
            .ToList();
        Assert.True(denied.Count == 0, "the chart does not grant:\n" + string.Join('\n', denied));
    }

    [Fact]
    public async Task Server_side_apply_may_also_create_what_it_applies()
    {
        var rules = await ChartRulesAsync();
        var applies = calls.Requests.Where(call => call.Verb == "patch" && call.FieldManager == RealtimeClusterController.FieldManager && call.Subresource.Length == 0);

        // The API server authorizes an apply that creates its object as create as well as patch.
        Assert.All(applies, call => Assert.True(Allows(rules, call.Group, call.Resource, "create", call.Name), $"create {call.Group}/{call.Resource}"));
    }

    [Fact]
    public async Task Every_child_kind_in_the_operators_code_may_be_watched_applied_and_pruned()
    {
        var rules = await ChartRulesAsync();

        foreach (var kind in RealtimeClusterController.Children.All)
        {
            foreach (var verb in ChildVerbs)
            {
                Assert.True(Allows(rules, kind.Group, kind.Plural, verb, "any"), $"{verb} {kind.Group}/{kind.Plural}");
            }
        }
    }

    [Fact]
    public async Task The_chart_grants_nothing_the_operator_does_not_use()
    {
        var rules = await ChartRulesAsync();
        var used = calls.Requests.Select(call => (call.Group, Resource: Resource(call), call.Verb))
            .Concat(RealtimeClusterController.Children.All.SelectMany(kind => ChildVerbs.Select(verb => (kind.Group, Resource: kind.Plural, Verb: verb))))
            // Children carry blockOwnerDeletion owner references; where the OwnerReferencesPermissionEnforcement
            // admission plugin runs, setting one needs update on the owner's finalizers.
            .Append(("realtime.dev", "realtimeclusters/finalizers", "update"))
            // The event recorder reads and updates an event only when it repeats, which a short run may not see.
            .Concat(EventRecorderVerbs.Select(verb => ("", "events", verb)))
            .ToHashSet();

        var granted = rules.SelectMany(rule => rule.ApiGroups.SelectMany(group => rule.Resources.SelectMany(resource =>
            rule.Verbs.Select(verb => (Group: group, Resource: resource, Verb: verb)))));
        var unused = granted.Where(grant => !used.Contains(grant)).Select(g => $"{g.Verb} {g.Group}/{g.Resource}").ToList();
        Assert.True(unused.Count == 0, "the chart grants what the operator never uses:\n" + string.Join('\n', unused));
    }

    private static readonly string[] ChildVerbs = ["list", "watch", "create", "patch", "delete"];

    private static readonly string[] EventRecorderVerbs = ["create", "get", "update"];

    private static string Resource(RecordedRequest call) =>
        call.Subresource.Length == 0 ? call.Resource : $"{call.Resource}/{call.Subresource}";

    /// <summary>The cluster-wide rules plus the leader-election Role, as the all-namespaces install grants them.</summary>
    private static async Task<IReadOnlyList<V1PolicyRule>> ChartRulesAsync()
    {
        var chart = await RenderedChart.RenderAsync();
        return [.. chart.Single<V1ClusterRole>().Rules, .. chart.All<V1Role>().SelectMany(role => role.Rules)];
    }

    private static bool Allows(IEnumerable<V1PolicyRule> rules, string group, string resource, string verb, string name) =>
        rules.Any(rule => rule.ApiGroups.Contains(group) && rule.Resources.Contains(resource) && rule.Verbs.Contains(verb)
            && (rule.ResourceNames is not { Count: > 0 } names || names.Contains(name)));
}
