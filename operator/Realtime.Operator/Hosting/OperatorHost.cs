using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Realtime.Operator.Runtime.Configuration;
using Realtime.Operator.Runtime.Memory;
using Realtime.Operator.Runtime.Observability;

namespace Realtime.Operator.Hosting;

/// <summary>Runs the operator process: the /healthz, /readyz and /metrics listener next to the controller.</summary>
internal static class OperatorHost
{
    /// <exception cref="ApiServerNotConfiguredException">No kubeconfig and no in-cluster service account.</exception>
    public static async Task RunAsync(OperatorOptions options, ClientEnvironment environment, CancellationToken cancellationToken)
    {
        var configuration = KubernetesClientFactory.BuildConfiguration(options.Kubeconfig, environment);
        using var client = KubernetesClientFactory.Create(configuration);
        var leaseNamespace = KubernetesClientFactory.CurrentNamespace(options.LeaderElectionNamespace, configuration);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            Listen(kestrel, options.MetricsBindAddress);
            if (options.HealthProbeBindAddress.Port != options.MetricsBindAddress.Port)
            {
                Listen(kestrel, options.HealthProbeBindAddress);
            }
        });
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        await using var app = builder.Build();
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        using var realtimeOperator = new RealtimeOperator(client, options, leaseNamespace, new OperatorTuning(), loggers);
        app.MapOperatorEndpoints(
            () => realtimeOperator.IsAlive,
            () => realtimeOperator.IsReady,
            realtimeOperator.Metrics,
            options.HealthProbeBindAddress.Port,
            options.MetricsBindAddress.Port);

        await app.StartAsync(cancellationToken);
        OperatorHostLog.Started(
            loggers.CreateLogger(typeof(OperatorHost)),
            options.Identity,
            options.WatchNamespaces.Count == 0 ? "all namespaces" : string.Join(",", options.WatchNamespaces),
            options.MetricsBindAddress.ToString(),
            options.HealthProbeBindAddress.ToString());
        var heapReturner = new HeapReturner(loggers.CreateLogger<HeapReturner>(), TimeProvider.System);
        using var stopReturning = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var returning = heapReturner.RunAsync(stopReturning.Token);
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
            await stopReturning.CancelAsync();
            await returning;
        }
    }

    private static void Listen(KestrelServerOptions kestrel, BindAddress bind)
    {
        if (bind.Localhost)
        {
            kestrel.ListenLocalhost(bind.Port);
        }
        else if (bind.Address is { } address)
        {
            kestrel.Listen(address, bind.Port);
        }
        else
        {
            kestrel.ListenAnyIP(bind.Port);
        }
    }
}
