using System.CommandLine;
using System.CommandLine.Parsing;
using k8s.Exceptions;
using Realtime.Operator.Hosting;
using Realtime.Operator.Runtime.Configuration;

namespace Realtime.Operator.Cli;

/// <summary>`realtime-operator run`: the controller, with health, metrics and leader election.</summary>
internal static class RunCommand
{
    public static Command Create() => Create(ClientEnvironment.Current);

    /// <param name="environment">Where the API server's configuration is looked up (tests give an empty one).</param>
    internal static Command Create(ClientEnvironment environment)
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
        var metricsBindAddress = BindAddressOption("--metrics-bind-address", ":8080", "Address serving /metrics: host:port, or :port for every interface.");
        var healthProbeBindAddress = BindAddressOption("--health-probe-bind-address", ":8081", "Address serving /healthz and /readyz: host:port, or :port for every interface.");
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

        var command = new Command("run", "Run the controller that keeps every RealtimeCluster's children and status up to date.")
        {
            kubeconfig, watchNamespace, metricsBindAddress, healthProbeBindAddress, leaderElect, leaderElectionNamespace, concurrency,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new OperatorOptions
            {
                Kubeconfig = parseResult.GetValue(kubeconfig),
                WatchNamespaces = NamespaceScope.Parse(parseResult.GetValue(watchNamespace)),
                MetricsBindAddress = parseResult.GetValue(metricsBindAddress)!,
                HealthProbeBindAddress = parseResult.GetValue(healthProbeBindAddress)!,
                LeaderElection = parseResult.GetValue(leaderElect),
                LeaderElectionNamespace = parseResult.GetValue(leaderElectionNamespace),
                MaxConcurrentReconciles = Math.Max(1, parseResult.GetValue(concurrency)),
            };
            if (options.MetricsBindAddress.Port == options.HealthProbeBindAddress.Port && options.MetricsBindAddress != options.HealthProbeBindAddress)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync(
                    "realtime-operator: --metrics-bind-address and --health-probe-bind-address share a port but not the host; give the same address or different ports.");
                return 1;
            }

            try
            {
                await OperatorHost.RunAsync(options, environment, cancellationToken);
                return 0;
            }
            catch (Exception error) when (error is ApiServerNotConfiguredException or KubeConfigException)
            {
                // One line a user reads in `kubectl logs` or a terminal, not a stack trace.
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"realtime-operator: {error.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Option<BindAddress> BindAddressOption(string name, string defaultValue, string description) =>
        new(name)
        {
            Description = $"{description} Default: {defaultValue}.",
            DefaultValueFactory = _ => BindAddress.Parse(defaultValue),
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 0 ? defaultValue : result.Tokens[^1].Value;
                try
                {
                    return BindAddress.Parse(text);
                }
                catch (FormatException error)
                {
                    result.AddError($"{name}: {error.Message}");
                    return null;
                }
            },
        };
}
