using System.Globalization;

namespace Realtime.Testing;

/// <summary>
/// A real <c>redis-sentinel</c> on a free loopback port monitoring one master, with its own config file (Sentinel
/// rewrites it), so it can be killed and started again with what it had learnt.
/// </summary>
public sealed class RedisSentinel : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private readonly string _configFile;
    private ChildProcess? _process;

    private readonly RedisBinaries _binaries;

    private RedisSentinel(int port, string? password, string configFile, RedisBinaries binaries)
    {
        Port = port;
        Password = password;
        _configFile = configFile;
        _binaries = binaries;
    }

    public int Port { get; }

    public string? Password { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <param name="masterPassword">The master's (and every replica's) password; also this sentinel's own.</param>
    public static async Task<RedisSentinel> StartAsync(string directory, string masterName, int masterPort, string? masterPassword,
        int quorum, TimeSpan downAfter, TimeSpan failoverTimeout, RedisBinaries? binaries = null)
    {
        var port = FreePort.Next();
        var configFile = Path.Combine(directory, $"sentinel-{port.ToString(CultureInfo.InvariantCulture)}.conf");
        var lines = new List<string>
        {
            $"port {port.ToString(CultureInfo.InvariantCulture)}",
            "bind 127.0.0.1",
            "daemonize no",
            $"dir {directory}",
            "loglevel warning",
            $"sentinel monitor {masterName} 127.0.0.1 {masterPort.ToString(CultureInfo.InvariantCulture)} {quorum.ToString(CultureInfo.InvariantCulture)}",
            $"sentinel down-after-milliseconds {masterName} {((int)downAfter.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)}",
            $"sentinel failover-timeout {masterName} {((int)failoverTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)}",
            $"sentinel parallel-syncs {masterName} 1",
        };
        if (masterPassword is not null)
        {
            // One password for clients of this sentinel, for the other sentinels (Sentinel uses its own requirepass
            // to reach them) and for the master and replicas.
            lines.Add($"requirepass \"{masterPassword}\"");
            lines.Add($"sentinel auth-pass {masterName} \"{masterPassword}\"");
        }

        await File.WriteAllLinesAsync(configFile, lines);
        var sentinel = new RedisSentinel(port, masterPassword, configFile, binaries ?? RedisBinaries.Redis);
        await sentinel.StartAgainAsync();
        return sentinel;
    }

    public async Task StartAgainAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("redis-sentinel is already running");
        }

        _process = ChildProcess.Start(_binaries.SentinelPath, [_configFile], environment: _binaries.Environment);
        await FreePort.WaitUntilListeningAsync(Port, StartTimeout, _process);
    }

    /// <summary>kill -9.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        await _process.DisposeAsync();
        _process = null;
    }

    public Task<object?> CommandAsync(params string[] command) => RespCall.SendAsync(Port, Password, TimeSpan.FromSeconds(5), command);

    public ValueTask DisposeAsync() => new(StopAsync());
}
