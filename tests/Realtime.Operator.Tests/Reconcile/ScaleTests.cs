using System.Diagnostics;
using Realtime.Testing;
using Xunit.Abstractions;

namespace Realtime.Operator.Tests.Reconcile;

/// <summary>Runs alone: parallel tests would measure each other.</summary>
[CollectionDefinition(nameof(ScaleTests), DisableParallelization = true)]
public sealed class ScaleCollection;

[Collection(nameof(ScaleTests))]
public sealed class ScaleTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Clusters = 200;
    private OperatorHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await OperatorHarness.StartAsync(kubeletPeriod: TimeSpan.FromMilliseconds(500));

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    /// <remarks>A benchmark more than a test: it may take a minute on a loaded machine; the numbers go to docs/benchmarks.md.</remarks>
    [Fact]
    [Trait("Category", "Scale")]
    public async Task Two_hundred_clusters_all_converge()
    {
        for (var i = 0; i < Clusters; i++)
        {
            await _harness.CreateClusterAsync($"chat-{i:000}", $$$"""{"routing":{"host":"chat-{{{i}}}.example.com"}}""");
        }

        GC.Collect();
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        var watch = Stopwatch.StartNew();
        var realtimeOperator = _harness.StartOperator(concurrency: 8);
        long peakManaged = 0;
        await Eventually.TrueAsync(
            () =>
            {
                peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(forceFullCollection: false));
                return Enumerable.Range(0, Clusters).All(i => _harness.IsReady($"chat-{i:000}"));
            },
            TimeSpan.FromSeconds(180),
            $"all {Clusters} RealtimeClusters Ready");
        watch.Stop();

        var process = Process.GetCurrentProcess();
        output.WriteLine(
            $"{Clusters} RealtimeClusters converged in {watch.Elapsed.TotalSeconds:F1} s; reconciles {realtimeOperator.Metrics.ReconcileCount("realtimecluster", "success")}; "
            + $"managed heap peak {peakManaged / 1048576.0:F0} MiB (before {memoryBefore / 1048576.0:F0} MiB); process peak working set {process.PeakWorkingSet64 / 1048576.0:F0} MiB "
            + "(operator, fake API server and test in one process)");
        Assert.Equal(2 * Clusters, _harness.Store.List(_harness.Type("deployments"), null, Realtime.FakeKubeApi.LabelSelector.Everything).Items.Count);
    }
}
