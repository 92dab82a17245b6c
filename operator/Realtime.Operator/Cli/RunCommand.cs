using System.CommandLine;
using Realtime.Operator.Hosting;
using Realtime.Operator.Runtime.Configuration;

namespace Realtime.Operator.Cli;

/// <summary>`realtime-operator run`: the controller, with health, metrics and leader election.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var kubeconfig = new Option<string?>("--kubeconfig")
        {
            Description = "Path of a kubeconfig file. Default: $KUBECONFIG, ~/.kube/config, then the in-cluster service account.",
        };
        var watchNamespace = new Option<string?>("--watch-namespace")
        {
            Description = "Namespaces to watch, comma-separated; empty watches all. Default: $WATCH_NAMESPACE.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("WATCH_NAMESPACE"),
        };
        var metricsPort = new Option<int>("--metrics-port")
        {
            Description = "Port serving /healthz, /readyz and /metrics.",
            DefaultValueFactory = _ => 8080,
        };
        var leaderElect = new Option<bool>("--leader-elect")
        {
            Description = "Elect a leader through a Lease so that only one replica reconciles.",
            DefaultValueFactory = _ => true,
        };
        var leaderElectionNamespace = new Option<string?>("--leader-election-namespace")
        {
            Description = "Namespace of the leader Lease. Default: $POD_NAMESPACE, then the service account's namespace.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("POD_NAMESPACE"),
        };
        var concurrency = new Option<int>("--max-concurrent-reconciles")
        {
            Description = "RealtimeClusters reconciled at the same time.",
            DefaultValueFactory = _ => 4,
        };

        watchNamespace.Validators.Add(result =>
        {
            try
            {
                NamespaceScope.Parse(result.GetValueOrDefault<string?>());
            }
            catch (ArgumentException error)
            {
                result.AddError(error.Message.Split(" (Parameter", 2)[0]);
            }
        });
        metricsPort.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                result.AddError("--metrics-port must be between 0 and 65535.");
            }
        });

        var command = new Command("run", "Run the controller that keeps every RealtimeCluster's children and status up to date.")
        {
            kubeconfig, watchNamespace, metricsPort, leaderElect, leaderElectionNamespace, concurrency,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new OperatorOptions
            {
                Kubeconfig = parseResult.GetValue(kubeconfig),
                WatchNamespaces = NamespaceScope.Parse(parseResult.GetValue(watchNamespace)),
                MetricsPort = parseResult.GetValue(metricsPort),
                LeaderElection = parseResult.GetValue(leaderElect),
                LeaderElectionNamespace = parseResult.GetValue(leaderElectionNamespace),
                MaxConcurrentReconciles = Math.Max(1, parseResult.GetValue(concurrency)),
            };
            await OperatorHost.RunAsync(options, cancellationToken);
            return 0;
        });
        return command;
    }
}
