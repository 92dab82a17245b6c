using k8s.Models;

namespace Realtime.Chart.Tests;

public sealed class ChartRbacTests
{
    [Fact]
    public async Task Watching_all_namespaces_binds_a_cluster_role_to_the_operator_service_account()
    {
        var chart = await RenderedChart.RenderAsync();
        var role = chart.Single<V1ClusterRole>();
        var binding = chart.Single<V1ClusterRoleBinding>();

        Assert.Equal((role.Kind, role.Metadata.Name), (binding.RoleRef.Kind, binding.RoleRef.Name));
        AssertBoundToOperator(chart, Assert.Single(binding.Subjects));
        Assert.Equal("", OperatorEnv(chart, "WATCH_NAMESPACE"));
        Assert.Equal([LeaderElectionRoleName], chart.All<V1Role>().Select(r => r.Metadata.Name));
    }

    [Fact]
    public async Task Watching_named_namespaces_grants_the_same_rules_per_namespace_and_nothing_cluster_wide()
    {
        var clusterWide = (await RenderedChart.RenderAsync()).Single<V1ClusterRole>();
        var chart = await RenderedChart.RenderAsync("watchNamespaces={team-a,team-b,team-a}");
        var roles = chart.All<V1Role>().Where(r => r.Metadata.Name != LeaderElectionRoleName).ToList();

        Assert.Empty(chart.All<V1ClusterRole>());
        Assert.Empty(chart.All<V1ClusterRoleBinding>());
        Assert.Equal(["team-a", "team-b"], roles.Select(r => r.Metadata.NamespaceProperty));
        Assert.Equal("team-a,team-b", OperatorEnv(chart, "WATCH_NAMESPACE"));
        foreach (var role in roles)
        {
            Assert.Equal(Describe(clusterWide.Rules), Describe(role.Rules));
            var binding = Assert.Single(chart.All<V1RoleBinding>(),
                b => b.Metadata.NamespaceProperty == role.Metadata.NamespaceProperty && b.RoleRef.Name == role.Metadata.Name);
            AssertBoundToOperator(chart, Assert.Single(binding.Subjects));
        }
    }

    [Fact]
    public async Task Leader_election_may_create_leases_but_only_read_and_renew_the_operators_own()
    {
        var chart = await RenderedChart.RenderAsync("watchNamespaces={team-a}");
        var role = Assert.Single(chart.All<V1Role>(), r => r.Metadata.Name == LeaderElectionRoleName);

        Assert.Equal(RenderedChart.ReleaseNamespace, role.Metadata.NamespaceProperty);
        Assert.Equal(
            ["coordination.k8s.io/leases: create", "coordination.k8s.io/leases[realtime-operator-leader]: get,update"],
            Describe(role.Rules));
        var binding = Assert.Single(chart.All<V1RoleBinding>(), b => b.RoleRef.Name == LeaderElectionRoleName);
        AssertBoundToOperator(chart, Assert.Single(binding.Subjects));
    }

    [Fact]
    public async Task Turning_rbac_off_renders_no_roles_for_a_platform_team_that_manages_them()
    {
        var chart = await RenderedChart.RenderAsync("rbac.create=false");

        Assert.Empty(chart.All<V1ClusterRole>());
        Assert.Empty(chart.All<V1Role>());
        Assert.Empty(chart.All<V1ClusterRoleBinding>());
        Assert.Empty(chart.All<V1RoleBinding>());
    }

    private static string LeaderElectionRoleName => $"{RenderedChart.ReleaseName}-realtime-operator-leader-election";

    private static string OperatorEnv(RenderedChart chart, string name) =>
        Assert.Single(Assert.Single(chart.Single<V1Deployment>().Spec.Template.Spec.Containers).Env, e => e.Name == name).Value;

    private static void AssertBoundToOperator(RenderedChart chart, Rbacv1Subject subject)
    {
        var account = chart.Single<V1ServiceAccount>();
        Assert.Equal(("ServiceAccount", account.Metadata.Name, RenderedChart.ReleaseNamespace),
            (subject.Kind, subject.Name, subject.NamespaceProperty));
    }

    private static IEnumerable<string> Describe(IEnumerable<V1PolicyRule> rules) =>
        rules.SelectMany(rule => rule.ApiGroups.SelectMany(group => rule.Resources.Select(resource =>
            $"{(group.Length == 0 ? "core" : group)}/{resource}"
            + (rule.ResourceNames is { Count: > 0 } names ? $"[{string.Join(',', names)}]" : "")
            + $": {string.Join(',', rule.Verbs)}")));
}
