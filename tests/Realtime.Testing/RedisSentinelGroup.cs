using System.Globalization;

namespace Realtime.Testing;

/// <summary>
/// One Sentinel-managed shard on loopback, as the operator's HA topology runs it: a master, two replicas and three
/// sentinels (quorum 2), all behind one password, with timeouts tuned for tests. Started when every sentinel knows the
/// master, both replicas and the two other sentinels, so a failover can happen from the first moment.
/// </summary>
public sealed class RedisSentinelGroup : IAsyncDisposable
{
    public const string MasterName = "mymaster";

    /// <summary>A password with the characters a URL or a configuration string gives a meaning to.</summary>
    public const string DefaultPassword = "fail,over@pw";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(15);
    private readonly string _directory;

    private RedisSentinelGroup(string directory, IReadOnlyList<RedisServer> nodes, IReadOnlyList<RedisSentinel> sentinels,
        string password, TimeSpan downAfter, TimeSpan failoverTimeout)
    {
        _directory = directory;
        Nodes = nodes;
        Sentinels = sentinels;
        Password = password;
        DownAfter = downAfter;
        FailoverTimeout = failoverTimeout;
    }

    /// <summary>The first is the master at start; the others its replicas.</summary>
    public IReadOnlyList<RedisServer> Nodes { get; }

    public IReadOnlyList<RedisSentinel> Sentinels { get; }

    public string Password { get; }

    public TimeSpan DownAfter { get; }

    public TimeSpan FailoverTimeout { get; }

    /// <summary>The <c>redis+sentinel://</c> URL of the group, for <c>REDIS_URL</c>.</summary>
    public string Url(string masterName = MasterName) =>
        $"redis+sentinel://:{Uri.EscapeDataString(Password)}@"
        + string.Join(',', Sentinels.Select(s => $"127.0.0.1:{s.Port.ToString(CultureInfo.InvariantCulture)}"))
        + $"/0/{Uri.EscapeDataString(masterName)}";

    public static async Task<RedisSentinelGroup> StartAsync(string password = DefaultPassword, TimeSpan? downAfter = null,
        TimeSpan? failoverTimeout = null, RedisBinaries? binaries = null)
    {
        var after = downAfter ?? TimeSpan.FromMilliseconds(500);
        var failover = failoverTimeout ?? TimeSpan.FromSeconds(2);
        var directory = Directory.CreateTempSubdirectory("realtime-sentinel-").FullName;
        var nodes = new List<RedisServer>();
        var sentinels = new List<RedisSentinel>();
        try
        {
            // masterauth on every node: whichever is demoted must authenticate to its new master.
            var master = await RedisServer.StartAsync(password, ["--masterauth", password], binaries: binaries);
            nodes.Add(master);
            for (var i = 0; i < 2; i++)
            {
                nodes.Add(await RedisServer.StartAsync(password,
                    ["--masterauth", password, "--replicaof", "127.0.0.1", master.Port.ToString(CultureInfo.InvariantCulture)],
                    binaries: binaries));
            }

            await Eventually.TrueAsync(async () => await master.InfoFieldAsync("replication", "connected_slaves") == "2",
                ReadyTimeout, "both replicas connected to the master");
            for (var i = 0; i < 3; i++)
            {
                sentinels.Add(await RedisSentinel.StartAsync(directory, MasterName, master.Port, password, quorum: 2, after, failover,
                    binaries));
            }

            var group = new RedisSentinelGroup(directory, nodes, sentinels, password, after, failover);
            await group.WaitUntilSettledAsync(master);
            return group;
        }
        catch
        {
            foreach (var sentinel in sentinels)
            {
                await sentinel.DisposeAsync();
            }

            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>The node the running sentinels name as master (null when none answers).</summary>
    public async Task<RedisServer?> CurrentMasterAsync()
    {
        foreach (var sentinel in Sentinels.Where(s => s.IsRunning))
        {
            try
            {
                if (await sentinel.CommandAsync("SENTINEL", "get-master-addr-by-name", MasterName) is IReadOnlyList<object?> { Count: 2 } address)
                {
                    var port = int.Parse(address[1]!.ToString()!, CultureInfo.InvariantCulture);
                    return Nodes.Single(node => node.Port == port);
                }
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or OperationCanceledException)
            {
                // Try the next sentinel.
            }
        }

        return null;
    }

    /// <summary>Waits until Sentinel names a master other than <paramref name="old"/> and that node says it is master.</summary>
    public async Task<RedisServer> WaitForFailoverAsync(RedisServer old, TimeSpan timeout)
    {
        RedisServer? promoted = null;
        await Eventually.TrueAsync(async () =>
        {
            promoted = await CurrentMasterAsync();
            return promoted is not null && promoted != old && await RoleAsync(promoted) == "master";
        }, timeout, $"Sentinel promoted a replica in place of 127.0.0.1:{old.Port}");
        return promoted!;
    }

    /// <summary>What <c>ROLE</c> says (master, slave), or null when the node does not answer.</summary>
    public static async Task<string?> RoleAsync(RedisServer node)
    {
        try
        {
            return await RespCall.SendAsync(node.Port, node.Password, TimeSpan.FromSeconds(1), "ROLE") is IReadOnlyList<object?> { Count: > 0 } role
                ? role[0]?.ToString()
                : null;
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or OperationCanceledException
                                      or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Every running sentinel knows <paramref name="master"/> as master, both replicas and the other sentinels.</summary>
    public Task WaitUntilSettledAsync(RedisServer master) =>
        Eventually.TrueAsync(async () =>
        {
            foreach (var sentinel in Sentinels.Where(s => s.IsRunning))
            {
                var fields = RespCall.Fields(await sentinel.CommandAsync("SENTINEL", "master", MasterName));
                if (fields["port"] != master.Port.ToString(CultureInfo.InvariantCulture) || fields["flags"] != "master"
                    || fields["num-slaves"] != "2" || fields["num-other-sentinels"] != "2")
                {
                    return false;
                }
            }

            return true;
        }, ReadyTimeout, $"every sentinel monitors 127.0.0.1:{master.Port} with 2 replicas and 2 other sentinels");

    public async ValueTask DisposeAsync()
    {
        foreach (var sentinel in Sentinels)
        {
            await sentinel.DisposeAsync();
        }

        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }
}
