using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Realtime.Operator.Runtime.Configuration;
using Realtime.Operator.Runtime.Observability;

namespace Realtime.Operator.Hosting;

/// <summary>Runs the operator process: the /healthz, /readyz and /metrics listener next to the controller.</summary>
public static class OperatorHost
{
    public static async Task RunAsync(OperatorOptions options, CancellationToken cancellationToken)
    {
        var configuration = KubernetesClientFactory.BuildConfiguration(options.Kubeconfig);
        using var client = KubernetesClientFactory.Create(configuration);
        var leaseNamespace = KubernetesClientFactory.CurrentNamespace(options.LeaderElectionNamespace, configuration);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{options.MetricsAddress}:{options.MetricsPort}");
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        await using var app = builder.Build();
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        var realtimeOperator = new RealtimeOperator(client, options, leaseNamespace, new OperatorTuning(), loggers);
        app.MapOperatorEndpoints(() => realtimeOperator.IsAlive, () => realtimeOperator.IsReady, realtimeOperator.Metrics.Registry);

        await app.StartAsync(cancellationToken);
        loggers.CreateLogger(typeof(OperatorHost)).LogInformation(
            "realtime-operator {Identity} watching {Namespaces}; health and metrics on port {Port}",
            options.Identity,
            options.WatchNamespaces.Count == 0 ? "all namespaces" : string.Join(",", options.WatchNamespaces),
            options.MetricsPort);
        try
        {
            await realtimeOperator.RunAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C or SIGTERM.
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }
}
