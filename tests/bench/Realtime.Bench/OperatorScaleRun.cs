using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Realtime.FakeKubeApi;
using Realtime.Testing;

namespace Realtime.Bench;

/// <summary>
/// The operator at 1, 50 and 200 RealtimeClusters: the published operator runs as its own process (as in its image)
/// against the fake API server over HTTP, so the RSS measured is the operator's alone. Each count gets a fresh
/// process; the clusters exist before it starts, as after an operator rollout.
/// </summary>
internal static class OperatorScaleRun
{
    private const string Namespace = "apps";
    private static readonly ResourceType RealtimeClusters = new("realtime.dev", "v1alpha1", "realtimeclusters", "RealtimeCluster", HasStatus: true);
    private static readonly TimeSpan ConvergeTimeout = TimeSpan.FromMinutes(5);
    private static readonly IReadOnlyDictionary<string, string> ImageEnvironment =
        DockerfileEnvironment.Read(RepositoryPaths.Combine("operator", "Realtime.Operator", "Dockerfile"));

    /// <summary>Idle time after convergence before the second reading: resyncs and bookmarks keep arriving meanwhile.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(20);

    public static async Task<string> RunAsync(string operatorDll, IReadOnlyList<int> counts, IReadOnlyDictionary<string, string> environment, TextWriter log, CancellationToken cancellationToken)
    {
        var table = new StringBuilder()
            .AppendLine("| RealtimeClusters | converged in (s) | reconciles | RSS converged (MiB) | RSS after 20 s idle (MiB) | peak RSS (MiB) | operator CPU (s) |")
            .AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var count in counts)
        {
            var row = await MeasureAsync(operatorDll, count, environment, cancellationToken);
            log.WriteLine($"operator, {count} clusters: {row}");
            table.AppendLine(row);
        }

        return table.ToString();
    }

    private static async Task<string> MeasureAsync(string operatorDll, int count, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        await using var server = await FakeApiServer.StartAsync();
        server.Store.Register(RealtimeClusters);
        for (var i = 0; i < count; i++)
        {
            var body = new JsonObject
            {
                ["apiVersion"] = "realtime.dev/v1alpha1",
                ["kind"] = "RealtimeCluster",
                ["metadata"] = new JsonObject { ["name"] = $"chat-{i:000}", ["namespace"] = Namespace },
                ["spec"] = new JsonObject { ["routing"] = new JsonObject { ["host"] = $"chat-{i}.example.com" } },
            };
            server.Store.Create(RealtimeClusters, Namespace, body, "bench");
        }

        var kubeconfig = Path.Combine(Path.GetTempPath(), $"bench-kubeconfig-{Guid.NewGuid():N}.yaml");
        server.WriteKubeconfig(kubeconfig);
        using var stopKubelet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var kubelet = Task.Run(() => new KubeletStandIn(server.Store, TimeSpan.FromMilliseconds(500)).RunAsync(stopKubelet.Token), CancellationToken.None);
        var metricsPort = FreePort.Next();
        // The image's environment as its Dockerfile sets it, then the run's --env settings over it.
        var processEnvironment = new Dictionary<string, string>(ImageEnvironment)
        {
            // The chart's level is Information, but 200 clusters' lines would measure the console.
            ["Logging__LogLevel__Default"] = "Warning",
            ["KUBECONFIG"] = "",
        };
        foreach (var (name, value) in environment)
        {
            processEnvironment[name] = value;
        }

        var watch = Stopwatch.StartNew();
        await using var process = ChildProcess.Start("dotnet", [
            operatorDll, "run", "--kubeconfig", kubeconfig, "--leader-election-namespace", "operators",
            "--metrics-bind-address", $"127.0.0.1:{metricsPort}", "--health-probe-bind-address", $"127.0.0.1:{FreePort.Next()}",
        ], environment: processEnvironment);
        try
        {
            while (!AllReady(server.Store, count))
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"the operator exited before convergence:\n{process.Output}");
                }

                if (watch.Elapsed > ConvergeTimeout)
                {
                    throw new TimeoutException($"{count} RealtimeClusters did not converge within {ConvergeTimeout}");
                }

                await Task.Delay(200, cancellationToken);
            }

            var converged = watch.Elapsed;
            var atConvergence = ProcessStats.Read(process.Id);
            await Task.Delay(Settle, cancellationToken);
            var afterIdle = ProcessStats.Read(process.Id);
            var reconciles = await ReconcilesAsync(metricsPort, cancellationToken);
            return string.Create(
                CultureInfo.InvariantCulture,
                $"| {count} | {converged.TotalSeconds:F1} | {reconciles:F0} | {Mib(atConvergence.RssKiB)} | {Mib(afterIdle.RssKiB)} | {Mib(afterIdle.PeakRssKiB)} | {afterIdle.CpuSeconds:F1} |");
        }
        finally
        {
            await process.TerminateAsync(TimeSpan.FromSeconds(20));
            await stopKubelet.CancelAsync();
            await kubelet;
            File.Delete(kubeconfig);
        }
    }

    private static bool AllReady(ObjectStore store, int count)
    {
        var clusters = store.List(RealtimeClusters, Namespace, LabelSelector.Everything).Items;
        return clusters.Count == count && clusters.All(cluster =>
            cluster["status"]?["observedGeneration"]?.GetValue<long>() == cluster["metadata"]!["generation"]!.GetValue<long>()
            && (cluster["status"]?["conditions"] as JsonArray)?.Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True") == true);
    }

    private static async Task<double> ReconcilesAsync(int metricsPort, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics"), cancellationToken);
        return text.Split('\n')
            .Where(line => line.StartsWith("realtime_operator_reconciles_total{", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    private static string Mib(long kib) => (kib / 1024.0).ToString("F0", CultureInfo.InvariantCulture);
}
