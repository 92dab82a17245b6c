using k8s.Models;
using Realtime.Testing;

namespace Realtime.Chart.Tests;

public sealed class ChartCrdTests
{
    public static string Generated => RepositoryPaths.Combine("crds", "realtimecluster.yaml");

    public static string ChartCopy => RepositoryPaths.Combine("charts", "realtime-operator", "crds", "realtimecluster.yaml");

    [Fact]
    public async Task The_chart_ships_the_generated_crd_unchanged()
    {
        Assert.True(File.Exists(Generated), $"{Generated} is missing: run 'make crds'");
        Assert.True(File.Exists(ChartCopy), $"{ChartCopy} is missing: run 'make crds', which copies it into the chart");

        Assert.True((await File.ReadAllTextAsync(Generated)) == await File.ReadAllTextAsync(ChartCopy),
            $"{ChartCopy} differs from {Generated}: run 'make crds'");
    }

    [Fact]
    public async Task The_chart_installs_the_realtimecluster_crd()
    {
        var chart = await RenderedChart.RenderAsync();
        var crd = chart.Single<V1CustomResourceDefinition>();

        Assert.Equal("realtimeclusters.realtime.dev", crd.Metadata.Name);
        Assert.Equal("RealtimeCluster", crd.Spec.Names.Kind);
        Assert.Contains("rtc", crd.Spec.Names.ShortNames);
    }
}
