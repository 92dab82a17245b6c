using k8s.Models;

namespace Realtime.Chart.Tests;

public sealed class ChartObjectsTests
{
    [Fact]
    public async Task Every_object_of_the_all_namespaces_mode_parses_as_its_kubernetes_type()
    {
        var chart = await RenderedChart.RenderAsync("metrics.serviceMonitor.enabled=true");

        Assert.Equal(
            ["ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "Deployment", "PodDisruptionBudget", "Role",
                "RoleBinding", "Service", "ServiceAccount", "ServiceMonitor"],
            chart.Objects.Select(o => o.Kind).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_object_of_the_namespaced_mode_parses_as_its_kubernetes_type()
    {
        var chart = await RenderedChart.RenderAsync("watchNamespaces={team-a,team-b}", "replicas=1");

        Assert.Equal(
            ["CustomResourceDefinition", "Deployment", "Role", "Role", "Role", "RoleBinding", "RoleBinding", "RoleBinding",
                "Service", "ServiceAccount"],
            chart.Objects.Select(o => o.Kind).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_operator_runs_as_two_locked_down_replicas_with_probes_on_the_health_port()
    {
        var chart = await RenderedChart.RenderAsync();
        var deployment = chart.Single<V1Deployment>();
        var pod = deployment.Spec.Template.Spec;
        var container = Assert.Single(pod.Containers);

        Assert.Equal(2, deployment.Spec.Replicas);
        Assert.Equal(["run", "--metrics-bind-address=:8080", "--health-probe-bind-address=:8081"], container.Args);
        Assert.Equal([("metrics", 8080), ("health", 8081)], container.Ports.Select(port => (port.Name, port.ContainerPort)));
        Assert.Equal(("/healthz", "health"), (container.LivenessProbe.HttpGet.Path, container.LivenessProbe.HttpGet.Port.Value));
        Assert.Equal(("/readyz", "health"), (container.ReadinessProbe.HttpGet.Path, container.ReadinessProbe.HttpGet.Port.Value));
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
        Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
        Assert.NotNull(container.Resources.Requests["memory"]);
        Assert.NotNull(container.Resources.Limits["memory"]);
        var tmp = Assert.Single(container.VolumeMounts);
        Assert.Equal("/tmp", tmp.MountPath);
        Assert.NotNull(Assert.Single(pod.Volumes, v => v.Name == tmp.Name).EmptyDir);
        Assert.Equal(chart.Single<V1ServiceAccount>().Metadata.Name, pod.ServiceAccountName);
        Assert.Equal("metadata.namespace", Env(container, "POD_NAMESPACE").ValueFrom.FieldRef.FieldPath);
        Assert.Equal("metadata.name", Env(container, "POD_NAME").ValueFrom.FieldRef.FieldPath);
    }

    [Fact]
    public async Task Selectors_of_the_deployment_service_and_disruption_budget_match_the_operator_pods()
    {
        var chart = await RenderedChart.RenderAsync("metrics.serviceMonitor.enabled=true");
        var deployment = chart.Single<V1Deployment>();
        var podLabels = deployment.Spec.Template.Metadata.Labels;
        var service = chart.Single<V1Service>();
        var monitor = chart.Single<ServiceMonitor>();

        Assert.True(IsSubset(deployment.Spec.Selector.MatchLabels, podLabels));
        Assert.True(IsSubset(service.Spec.Selector, podLabels));
        Assert.True(IsSubset(chart.Single<V1PodDisruptionBudget>().Spec.Selector.MatchLabels, podLabels));
        var servicePort = Assert.Single(service.Spec.Ports);
        Assert.Equal("metrics", servicePort.TargetPort.Value);
        Assert.True(IsSubset(monitor.Spec.Selector.MatchLabels, service.Metadata.Labels));
        Assert.Equal(servicePort.Name, Assert.Single(monitor.Spec.Endpoints).Port);
        Assert.Equal([RenderedChart.ReleaseNamespace], monitor.Spec.NamespaceSelector.MatchNames);
    }

    [Fact]
    public async Task A_single_replica_gets_no_disruption_budget_that_would_block_every_node_drain()
    {
        var chart = await RenderedChart.RenderAsync("replicas=1");

        Assert.Empty(chart.All<V1PodDisruptionBudget>());
    }

    [Fact]
    public async Task Every_object_carries_the_standard_labels_and_lives_in_the_release_namespace()
    {
        var chart = await RenderedChart.RenderAsync("watchNamespaces={team-a}");

        foreach (var item in chart.Objects.Where(o => o.Kind != V1CustomResourceDefinition.KubeKind))
        {
            Assert.Equal("realtime-operator", item.Metadata.Labels["app.kubernetes.io/name"]);
            Assert.Equal("Helm", item.Metadata.Labels["app.kubernetes.io/managed-by"]);
            var expectedNamespace = item is V1Role or V1RoleBinding && !item.Metadata.Name.EndsWith("-leader-election", StringComparison.Ordinal)
                ? "team-a"
                : RenderedChart.ReleaseNamespace;
            Assert.Equal(expectedNamespace, item.Metadata.NamespaceProperty);
        }
    }

    private static V1EnvVar Env(V1Container container, string name) => Assert.Single(container.Env, e => e.Name == name);

    private static bool IsSubset(IDictionary<string, string> selector, IDictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(pair => labels.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
