using System.Globalization;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using Realtime.Operator.Api;
using Realtime.Operator.Builders;
using Realtime.Operator.Builders.Routing;

namespace Realtime.Local;

/// <summary>
/// Translates the objects <see cref="DesiredState"/> renders for a RealtimeCluster into a <see cref="LocalPlan"/>:
/// replicas and server environment from the server Deployment, Redis command lines from the Redis Deployments and
/// Secret, the affinity cookie from the routing object. Reading the rendered objects, not the spec, keeps the local
/// cluster and the Kubernetes one in agreement.
/// </summary>
public static partial class LocalPlanner
{
    /// <param name="allocatePort">Hands out a free loopback port for each replica and Redis shard.</param>
    /// <param name="dataDirectory">Where Redis shards may write (persistence on), one folder each.</param>
    /// <param name="appCommand">What starts the team's own app here, in place of its image; required unless the pods run the bundled server.</param>
    public static LocalPlan Plan(RealtimeCluster cluster, IReadOnlyList<IKubernetesObject<V1ObjectMeta>> rendered,
        int proxyPort, Func<int> allocatePort, string dataDirectory, LocalAppCommand? appCommand = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(rendered);
        ArgumentNullException.ThrowIfNull(allocatePort);
        var bundled = AppProfile.For(cluster).IsBundledServer;
        if (!bundled && appCommand is null)
        {
            throw new LocalSetupException(
                $"app.preset {cluster.Spec.App.Preset} runs the image {cluster.Spec.Image}, which a local run cannot start: pass --app-command with the command that starts your app here "
                + "(make run APP='...'), e.g. --app-command '/usr/bin/python3 examples/flask-socketio/app.py'");
        }

        var notes = new List<string>();
        var secrets = rendered.OfType<V1Secret>().ToDictionary(s => s.Metadata.Name, s => s.StringData ?? new Dictionary<string, string>());
        var serverName = ChildNames.Server(cluster);
        var deployments = rendered.OfType<V1Deployment>().ToList();

        var shards = deployments.Where(d => d.Metadata.Name != serverName)
            .Select(d => PlanRedisShard(d, secrets, allocatePort(), Path.Combine(dataDirectory, d.Metadata.Name), notes))
            .ToList();
        var redisEndpoints = shards.ToDictionary(
            shard => $"{shard.ServiceName}:{RedisTopology.Port.ToString(CultureInfo.InvariantCulture)}",
            shard => $"127.0.0.1:{shard.Port.ToString(CultureInfo.InvariantCulture)}");

        var server = deployments.SingleOrDefault(d => d.Metadata.Name == serverName)
            ?? throw new LocalSetupException($"the render of {serverName} has no server Deployment");
        var container = server.Spec.Template.Spec.Containers.Single(c => c.Name == ServerDeploymentBuilder.ContainerName);
        var replicaCount = server.Spec.Replicas ?? cluster.Spec.Autoscaling.MinReplicas;
        var replicas = Enumerable.Range(0, replicaCount).Select(index =>
        {
            var podName = $"{serverName}-{index.ToString(CultureInfo.InvariantCulture)}";
            var environment = ServerEnvironment(container, podName, cluster.Metadata.NamespaceProperty ?? "default",
                secrets, redisEndpoints, index == 0 ? notes : null);
            var port = allocatePort();

            // Every replica shares the loopback interface, so each listens on its own port instead of the pod's.
            environment["PORT"] = port.ToString(CultureInfo.InvariantCulture);
            if (bundled && appCommand is null)
            {
                environment["DEMO_PAGE"] = "true";

                // Ctrl-C stops the whole machine-local cluster at once: there is no other pod to drain clients to.
                environment["DRAIN_SECONDS"] = "0";
            }

            return new LocalReplica(podName, port, environment);
        }).ToList();

        if (appCommand is not null && (container.Command is { Count: > 0 } || container.Args is { Count: > 0 }))
        {
            notes.Add($"app.command and app.args belong to the image; locally the replicas run: {appCommand}");
        }

        return new LocalPlan(serverName, shards, replicas, StickyCookie(cluster, rendered, notes), proxyPort, notes,
            appCommand, container.ReadinessProbe?.HttpGet?.Path);
    }

    private static LocalRedisShard PlanRedisShard(V1Deployment deployment, Dictionary<string, IDictionary<string, string>> secrets,
        int port, string dataDirectory, List<string> notes)
    {
        var container = deployment.Spec.Template.Spec.Containers.Single();
        var variables = Resolve(container.Env ?? [], deployment.Metadata.Name, "default", secrets, notes);
        var files = SecretFiles(deployment, container, secrets, dataDirectory + "-mounts");
        var arguments = new List<string>();
        var args = container.Args ?? [];
        for (var i = 0; i < args.Count; i++)
        {
            var value = files.Mounted.GetValueOrDefault(args[i]) ?? Expand(args[i], variables);
            arguments.Add(value);
            if (i + 1 < args.Count && value is "--port" or "--dir")
            {
                arguments.Add(value == "--port" ? port.ToString(CultureInfo.InvariantCulture) : dataDirectory);
                i++;
            }
        }

        // A machine-local Redis listens on loopback only, in the foreground, where Ctrl-C reaches it.
        arguments.AddRange(["--bind", "127.0.0.1", "--daemonize", "no"]);
        return new LocalRedisShard(deployment.Metadata.Name, port, dataDirectory, arguments, files.Content);
    }

    /// <summary>The files the pod's Secret volumes mount: pod path to local path, and local path to content.</summary>
    private static (Dictionary<string, string> Mounted, Dictionary<string, string> Content) SecretFiles(
        V1Deployment deployment, V1Container container, Dictionary<string, IDictionary<string, string>> secrets, string mountRoot)
    {
        var mounted = new Dictionary<string, string>(StringComparer.Ordinal);
        var content = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var mount in container.VolumeMounts ?? [])
        {
            var source = deployment.Spec.Template.Spec.Volumes?.FirstOrDefault(v => v.Name == mount.Name)?.Secret;
            if (source is null || !secrets.TryGetValue(source.SecretName, out var data))
            {
                continue;
            }

            foreach (var item in source.Items ?? [])
            {
                if (data.TryGetValue(item.Key, out var text))
                {
                    var local = Path.Combine(mountRoot, mount.Name, item.Path);
                    mounted[$"{mount.MountPath}/{item.Path}"] = local;
                    content[local] = text;
                }
            }
        }

        return (mounted, content);
    }

    private static Dictionary<string, string> ServerEnvironment(V1Container container, string podName, string namespaceName,
        Dictionary<string, IDictionary<string, string>> secrets, Dictionary<string, string> redisEndpoints, List<string>? notes)
    {
        var environment = Resolve(container.Env ?? [], podName, namespaceName, secrets, notes ?? []);
        foreach (var key in environment.Keys.ToList())
        {
            foreach (var (service, local) in redisEndpoints)
            {
                environment[key] = environment[key].Replace($"@{service}", $"@{local}", StringComparison.Ordinal)
                    .Replace($"//{service}", $"//{local}", StringComparison.Ordinal);
            }
        }

        return environment;
    }

    /// <summary>Values as the kubelet would set them, for the sources a machine-local process can have.</summary>
    private static Dictionary<string, string> Resolve(IEnumerable<V1EnvVar> env, string podName, string namespaceName,
        Dictionary<string, IDictionary<string, string>> secrets, List<string> notes)
    {
        var resolved = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in env)
        {
            var value = variable switch
            {
                { Value: { } plain } => Expand(plain, resolved),
                { ValueFrom.FieldRef.FieldPath: "metadata.name" } => podName,
                { ValueFrom.FieldRef.FieldPath: "metadata.namespace" } => namespaceName,
                { ValueFrom.SecretKeyRef: { } reference }
                    when secrets.TryGetValue(reference.Name, out var data) && data.TryGetValue(reference.Key, out var secret) => secret,
                { ValueFrom.SecretKeyRef: { } reference } => Skip(notes,
                    $"{variable.Name} comes from Secret {reference.Name}, which is not part of the render; it stays unset locally"),
                _ => Skip(notes, $"{variable.Name} has a source a local process cannot read; it stays unset locally"),
            };
            if (value is not null)
            {
                resolved[variable.Name] = value;
            }
        }

        return resolved;
    }

    private static string? StickyCookie(RealtimeCluster cluster, IReadOnlyList<IKubernetesObject<V1ObjectMeta>> rendered, List<string> notes)
    {
        var annotations = rendered.OfType<V1Ingress>().SingleOrDefault()?.Metadata.Annotations;
        if (annotations is not null && annotations.TryGetValue(IngressNginxRouting.Prefix + "session-cookie-name", out var cookie))
        {
            return cookie;
        }

        var routing = cluster.Spec.Routing;
        if (routing.Provider != RoutingProvider.None && routing.SessionAffinity.Enabled)
        {
            return routing.SessionAffinity.CookieName;
        }

        notes.Add("session affinity is off: the local proxy balances every request round-robin, as the cluster would");
        return null;
    }

    private static string? Skip(List<string> notes, string note)
    {
        notes.Add(note);
        return null;
    }

    /// <summary>The kubelet's <c>$(VAR)</c> expansion: defined variables are replaced, others left as written.</summary>
    private static string Expand(string value, IReadOnlyDictionary<string, string> variables) =>
        VariableReference().Replace(value, match =>
            variables.TryGetValue(match.Groups["name"].Value, out var resolved) ? resolved : match.Value);

    [GeneratedRegex(@"\$\((?<name>[A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex VariableReference();
}
