using System.Net;
using System.CommandLine;
using Realtime.Operator.Cli;
using Realtime.Operator.Runtime.Configuration;
using Realtime.Testing;

namespace Realtime.Operator.Tests.Reconcile;

/// <summary>`realtime-operator run` as a user starts it: a kubeconfig, a namespace, the listener addresses; then the probes and metrics.</summary>
public sealed class RunCommandTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private OperatorHarness _harness = null!;
    private string _kubeconfig = "";

    public async Task InitializeAsync()
    {
        _harness = await OperatorHarness.StartAsync();
        _kubeconfig = Path.Combine(Path.GetTempPath(), $"fake-kubeconfig-{Guid.NewGuid():N}.yaml");
        _harness.Server.WriteKubeconfig(_kubeconfig);
    }

    public async Task DisposeAsync()
    {
        File.Delete(_kubeconfig);
        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task Run_serves_probes_and_metrics_each_on_its_own_address_and_reconciles_until_cancelled()
    {
        var metricsPort = FreePort.Next();
        var healthPort = FreePort.Next();
        using var stop = new CancellationTokenSource();
        var run = RunCommand.Create()
            .Parse([
                "--kubeconfig", _kubeconfig, "--watch-namespace", OperatorHarness.Namespace, "--leader-election-namespace", "operators",
                "--metrics-bind-address", $"127.0.0.1:{metricsPort}", "--health-probe-bind-address", $"127.0.0.1:{healthPort}",
            ])
            .InvokeAsync(null, stop.Token);
        using var metricsHttp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}") };
        using var healthHttp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{healthPort}") };

        await Eventually.TrueAsync(async () => await StatusAsync(healthHttp, "/readyz") == HttpStatusCode.OK, Timeout, "/readyz answers 200");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(healthHttp, "/healthz"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(healthHttp, "/metrics"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(metricsHttp, "/healthz"));
        await _harness.CreateClusterAsync("chat", """{"routing":{"host":"chat.example.com"}}""");
        await Eventually.TrueAsync(() => _harness.IsReady("chat"), Timeout, "reconciled by the run command");

        var metrics = await metricsHttp.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("realtime_operator_leader 1", metrics, StringComparison.Ordinal);
        Assert.Contains("realtime_operator_reconciles_total{controller=\"realtimecluster\",result=\"success\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("realtime_operator_reconciles_total{controller=\"realtimecluster\",result=\"error\"} 0", metrics, StringComparison.Ordinal);
        Assert.Contains("# TYPE realtime_operator_reconciles_total counter", metrics, StringComparison.Ordinal);
        Assert.Contains("process_cpu_seconds_total", metrics, StringComparison.Ordinal);
        Assert.Contains("realtime_operator_queue_depth", metrics, StringComparison.Ordinal);
        Assert.Contains("realtime_operator_reconcile_duration_seconds_bucket", metrics, StringComparison.Ordinal);
        Assert.Contains(_harness.Server.Requests, request => request.Resource == "leases");

        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(Timeout));
    }

    [Fact]
    public async Task One_address_for_metrics_and_probes_serves_all_three_on_one_port()
    {
        var port = FreePort.Next();
        using var stop = new CancellationTokenSource();
        var address = $"127.0.0.1:{port}";
        var run = RunCommand.Create()
            .Parse(["--kubeconfig", _kubeconfig, "--watch-namespace", OperatorHarness.Namespace, "--leader-election-namespace", "operators", "--metrics-bind-address", address, "--health-probe-bind-address", address])
            .InvokeAsync(null, stop.Token);
        using var http = new HttpClient { BaseAddress = new Uri($"http://{address}") };

        await Eventually.TrueAsync(async () => await StatusAsync(http, "/readyz") == HttpStatusCode.OK, Timeout, "/readyz answers 200");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "/metrics"));

        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Without_a_kubeconfig_or_an_in_cluster_account_run_with_no_arguments_fails_at_once_naming_what_it_looked_for()
    {
        var nowhere = new ClientEnvironment(_ => null, "/home/nobody", _ => false);
        using var error = new StringWriter();

        var exit = await RunCommand.Create(nowhere).Parse([]).InvokeAsync(new InvocationConfiguration { Error = error }, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(1, exit);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("no Kubernetes API server configured", line, StringComparison.Ordinal);
        Assert.Contains("$KUBECONFIG", line, StringComparison.Ordinal);
        Assert.Contains("/home/nobody/.kube/config", line, StringComparison.Ordinal);
        Assert.Contains("$KUBERNETES_SERVICE_HOST", line, StringComparison.Ordinal);
        Assert.Contains("/var/run/secrets/kubernetes.io/serviceaccount/token", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--metrics-bind-address", "8080")]
    [InlineData("--metrics-bind-address", ":0")]
    [InlineData("--health-probe-bind-address", "example.com:8081")]
    public async Task A_bad_listener_address_is_a_clear_error(string option, string value)
    {
        using var error = new StringWriter();

        var exit = await RunCommand.Create().Parse(["--kubeconfig", _kubeconfig, option, value]).InvokeAsync(new InvocationConfiguration { Error = error }, CancellationToken.None).WaitAsync(Timeout);

        Assert.NotEqual(0, exit);
        Assert.Contains($"{option}: '{value}'", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_watch_namespace_is_a_clear_error()
    {
        var exit = await RunCommand.Create().Parse(["--kubeconfig", _kubeconfig, "--watch-namespace", "Not_A_Namespace"]).InvokeAsync(null, CancellationToken.None);
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
