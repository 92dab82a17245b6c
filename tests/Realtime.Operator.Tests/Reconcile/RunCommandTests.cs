using System.Net;
using Realtime.Operator.Cli;
using Realtime.Testing;

namespace Realtime.Operator.Tests.Reconcile;

/// <summary>`realtime-operator run` as a user starts it: a kubeconfig, a namespace, a metrics port; then the probes and metrics.</summary>
public sealed class RunCommandTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private OperatorHarness harness = null!;
    private string kubeconfig = "";

    public async Task InitializeAsync()
    {
        harness = await OperatorHarness.StartAsync();
        kubeconfig = Path.Combine(Path.GetTempPath(), $"fake-kubeconfig-{Guid.NewGuid():N}.yaml");
        harness.Server.WriteKubeconfig(kubeconfig);
    }

    public async Task DisposeAsync()
    {
        File.Delete(kubeconfig);
        await harness.DisposeAsync();
    }

    [Fact]
    public async Task Run_serves_health_readiness_and_metrics_and_reconciles_until_cancelled()
    {
        var port = FreePort.Next();
        using var stop = new CancellationTokenSource();
        var run = RunCommand.Create()
            .Parse(["--kubeconfig", kubeconfig, "--watch-namespace", OperatorHarness.Namespace, "--metrics-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--leader-election-namespace", "operators"])
            .InvokeAsync(null, stop.Token);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        await Eventually.TrueAsync(async () => await StatusAsync(http, "/readyz") == HttpStatusCode.OK, Timeout, "/readyz answers 200");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "/healthz"));
        await harness.CreateClusterAsync("chat", """{"routing":{"host":"chat.example.com"}}""");
        await Eventually.TrueAsync(() => harness.IsReady("chat"), Timeout, "reconciled by the run command");

        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("realtime_operator_leader 1", metrics, StringComparison.Ordinal);
        Assert.Contains("realtime_operator_reconciles_total{controller=\"realtimecluster\",result=\"success\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("realtime_operator_queue_depth", metrics, StringComparison.Ordinal);
        Assert.Contains("realtime_operator_reconcile_duration_seconds_bucket", metrics, StringComparison.Ordinal);
        Assert.Contains(harness.Server.Requests, request => request.Resource == "leases");

        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(Timeout));
    }

    [Fact]
    public async Task An_invalid_watch_namespace_is_a_clear_error()
    {
        var exit = await RunCommand.Create().Parse(["--kubeconfig", kubeconfig, "--watch-namespace", "Not_A_Namespace"]).InvokeAsync(null, CancellationToken.None);
        Assert.NotEqual(0, exit);
    }

    private static async Task<HttpStatusCode?> StatusAsync(HttpClient http, string path)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
