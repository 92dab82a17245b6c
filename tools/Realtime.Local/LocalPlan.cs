namespace Realtime.Local;

/// <summary>
/// What <c>realtime-operator local</c> starts on this machine for one RealtimeCluster: the rendered Kubernetes objects
/// translated to loopback processes. Pure data, built by <see cref="LocalPlanner"/>.
/// </summary>
/// <param name="StickyCookie">The affinity cookie the proxy inserts; null means round-robin (affinity off).</param>
/// <param name="Notes">What could not be carried over from the cluster, said once at start-up.</param>
/// <param name="AppCommand">The team's own app, started in place of its image; null runs the bundled realtime-server.</param>
/// <param name="ReadinessPath">The HTTP path of the readiness probe; null means the probe is a TCP connect.</param>
public sealed record LocalPlan(
    string ClusterName,
    IReadOnlyList<LocalRedisShard> RedisShards,
    IReadOnlyList<LocalReplica> Replicas,
    string? StickyCookie,
    int ProxyPort,
    IReadOnlyList<string> Notes,
    LocalAppCommand? AppCommand,
    string? ReadinessPath)
{
    public Uri Url => new($"http://127.0.0.1:{ProxyPort}/");
}

/// <summary>One realtime-server pod as a local process: its pod name, loopback port and environment.</summary>
public sealed record LocalReplica(string PodName, int Port, IReadOnlyDictionary<string, string> Environment);

/// <summary>One managed Redis shard as a local <c>redis-server</c>: the Service name it stands in for, and its command line.</summary>
/// <param name="Files">Files mounted from Secrets in the pod (the auth config), by local path, written before the start.</param>
public sealed record LocalRedisShard(string ServiceName, int Port, string DataDirectory, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Files);

/// <summary>A local command that runs the team's app (e.g. <c>/usr/bin/python3 examples/flask-socketio/app.py</c>).</summary>
public sealed record LocalAppCommand(string FileName, IReadOnlyList<string> Arguments, string WorkingDirectory)
{
    /// <summary>Splits on white space, without a shell: quoting and variables are not interpreted.</summary>
    public static LocalAppCommand Parse(string commandLine, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var words = commandLine.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            throw new LocalSetupException("--app-command is empty: give the command that starts your app, e.g. '/usr/bin/python3 examples/flask-socketio/app.py'");
        }

        return new LocalAppCommand(words[0], words[1..], workingDirectory);
    }

    public override string ToString() => string.Join(' ', [FileName, .. Arguments]);
}
