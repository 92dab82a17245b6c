using System.CommandLine;
using Realtime.Operator.Builders;
using Realtime.Operator.Api.Manifests;

namespace Realtime.Local;

/// <summary>
/// `realtime-local` (a developer tool, not part of the operator image): the scaled architecture on this machine, from the same RealtimeCluster YAML and the same
/// render as the cluster: Redis with a password, the server replicas and a cookie-sticky proxy on loopback. `make run`
/// calls it. Ctrl-C stops everything it started.
/// </summary>
public static class LocalCommand
{
    public const string DefaultServerAssembly = "realtime-server/Realtime.Server/bin/Debug/net10.0/realtime-server.dll";

    public static RootCommand Create()
    {
        var file = new Option<string>("--filename", "-f")
        {
            Description = "RealtimeCluster YAML whose render is started locally.",
            DefaultValueFactory = _ => "examples/local.yaml",
        };
        var port = new Option<int>("--port")
        {
            Description = "Loopback port of the sticky proxy, the URL to open.",
            DefaultValueFactory = _ => 8080,
        };
        var serverAssembly = new Option<string>("--server-assembly")
        {
            Description = "The built realtime-server.dll the replicas run.",
            DefaultValueFactory = _ => DefaultServerAssembly,
        };
        var appCommand = new Option<string?>("--app-command")
        {
            Description = "Starts your own app (app.preset other than RealtimeServer) in place of its image, split on spaces without a shell, e.g. '/usr/bin/python3 examples/flask-socketio/app.py'. Each replica gets the pods' environment, with PORT set to its loopback port.",
        };
        var appDirectory = new Option<string>("--app-directory")
        {
            Description = "Working directory of --app-command.",
            DefaultValueFactory = _ => Environment.CurrentDirectory,
        };
        var command = new RootCommand("realtime-local: runs a RealtimeCluster on this machine: Redis, the server replicas and a sticky proxy on loopback.")
        {
            file, port, serverAssembly, appCommand, appDirectory,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult.GetRequiredValue(file),
            parseResult.GetValue(port), parseResult.GetRequiredValue(serverAssembly), Console.Out, Console.Error, cancellationToken,
            parseResult.GetValue(appCommand) is { } app ? LocalAppCommand.Parse(app, parseResult.GetRequiredValue(appDirectory)) : null));
        return command;
    }

    public static async Task<int> RunAsync(string file, int proxyPort, string serverAssembly, TextWriter stdout, TextWriter stderr,
        CancellationToken cancellationToken, LocalAppCommand? appCommand = null)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        void Say(string line)
        {
            lock (stdout)
            {
                stdout.WriteLine(line);
            }
        }

        try
        {
            var plan = await PlanAsync(file, proxyPort, WorkDirectory(), cancellationToken, appCommand);
            foreach (var note in plan.Notes)
            {
                Say($"note: {note}");
            }

            var tools = await LocalTools.EnsureAsync(Say, cancellationToken);
            await using var cluster = await LocalCluster.StartAsync(plan, tools, Path.GetFullPath(serverAssembly),
                WorkDirectory(), Say, cancellationToken);
            Say(Summary(plan));
            var stopped = await Task.WhenAny(cluster.AnyExited, Task.Delay(Timeout.Infinite, cancellationToken));
            if (stopped is Task<LocalProcess> { Result: var died })
            {
                await stderr.WriteLineAsync($"{died.Name} exited; stopping the local cluster.\n{died.RecentOutput}");
                return 1;
            }

            Say("stopping everything the local cluster started");
            return 0;
        }
        catch (LocalSetupException error)
        {
            await stderr.WriteLineAsync(error.Message);
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Say("stopped");
            return 0;
        }
    }

    /// <summary>Reads, validates and renders the YAML exactly as `render` does, then plans the local processes.</summary>
    public static async Task<LocalPlan> PlanAsync(string file, int proxyPort, string workDirectory, CancellationToken cancellationToken,
        LocalAppCommand? appCommand = null)
    {
        if (proxyPort is < 1 or > 65535)
        {
            throw new LocalSetupException($"--port {proxyPort} is not a TCP port");
        }

        if (!LoopbackPorts.IsFree(proxyPort))
        {
            throw new LocalSetupException($"127.0.0.1:{proxyPort} is in use; pass another --port");
        }

        var info = new FileInfo(file);
        if (!info.Exists)
        {
            throw new LocalSetupException($"{file}: no such file");
        }

        if (info.Length > ManifestReader.MaxInputCharacters)
        {
            throw new LocalSetupException($"{file}: is larger than {ManifestReader.MaxInputCharacters / 1024 / 1024} MiB");
        }

        var result = ManifestReader.Read(await File.ReadAllTextAsync(file, cancellationToken), file);
        if (!result.Succeeded)
        {
            throw new LocalSetupException(string.Join('\n', result.Errors));
        }

        if (result.Clusters.Count != 1)
        {
            throw new LocalSetupException($"{file}: holds {result.Clusters.Count} RealtimeClusters; a local run starts exactly one");
        }

        var cluster = result.Clusters[0];
        var rendered = DesiredState.Build(cluster, OperatorDefaults.ForThisRelease(),
            DesiredState.NeedsRedisPassword(cluster) ? RedisPassword.Generate() : null);
        return LocalPlanner.Plan(cluster, rendered, proxyPort, LoopbackPorts.Distinct(LoopbackPorts.Next, [proxyPort]), workDirectory, appCommand);
    }

    private static string WorkDirectory() =>
        Path.Combine(Path.GetTempPath(), $"realtime-local-{Environment.ProcessId}");

    private static string Summary(LocalPlan plan)
    {
        var routing = plan.StickyCookie is { } cookie ? $"sticky cookie '{cookie}'" : "round-robin (no affinity)";
        var redis = plan.RedisShards.Count == 0
            ? "no Redis"
            : string.Join(", ", plan.RedisShards.Select(s => $"Redis {s.ServiceName} on 127.0.0.1:{s.Port}"));
        var pods = string.Join(", ", plan.Replicas.Select(r => $"{r.PodName} on 127.0.0.1:{r.Port}"));
        var app = plan.AppCommand is { } command ? $" running '{command}'" : "";
        return $"""

            {plan.ClusterName}: {plan.Replicas.Count} replicas{app} ({pods}), {redis}, proxy with {routing}.

              open {plan.Url}   (Ctrl-C stops everything)

            """;
    }
}
