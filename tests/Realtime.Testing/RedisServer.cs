using System.Net.Sockets;
using System.Text;

namespace Realtime.Testing;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port. It can be stopped and started again on the same port,
/// which is how outage tests take the backplane away and give it back.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private readonly IReadOnlyList<string> _extraArguments;
    private ChildProcess? _process;

    private RedisServer(int port, string? password, IReadOnlyList<string> extraArguments, RedisBinaries binaries)
    {
        Port = port;
        Password = password;
        _extraArguments = extraArguments;
        Binaries = binaries;
    }

    private readonly string _dumpFile = $"realtime-test-{Guid.NewGuid():N}.rdb";

    /// <summary>Redis, or Valkey for the compatibility tests.</summary>
    public RedisBinaries Binaries { get; }

    public int Port { get; }

    public string? Password { get; }

    /// <summary>A <c>redis://</c> URL as the realtime-server's <c>REDIS_URL</c> takes it.</summary>
    public string Url => Password is null
        ? $"redis://127.0.0.1:{Port}"
        : $"redis://:{Uri.EscapeDataString(Password)}@127.0.0.1:{Port}";

    /// <summary>The URL of an ACL user of this server; both parts URL-encoded as a URL needs them.</summary>
    public string UrlFor(string user, string password) =>
        $"redis://{Uri.EscapeDataString(user)}:{Uri.EscapeDataString(password)}@127.0.0.1:{Port}";

    /// <summary>The StackExchange.Redis configuration string for this server.</summary>
    public string Configuration => Password is null ? $"127.0.0.1:{Port}" : $"127.0.0.1:{Port},password={Password}";

    public bool IsRunning => _process is { HasExited: false };

    /// <param name="extraArguments">More redis-server options (e.g. <c>--replicaof</c>), kept for restarts.</param>
    public static async Task<RedisServer> StartAsync(string? password = null, IReadOnlyList<string>? extraArguments = null,
        int? port = null, RedisBinaries? binaries = null)
    {
        var server = new RedisServer(port ?? FreePort.Next(), password, extraArguments ?? [], binaries ?? RedisBinaries.Redis);
        await server.StartAgainAsync();
        return server;
    }

    public async Task StartAgainAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("redis-server is already running");
        }

        var arguments = new List<string>
        {
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--save", "",
            // A replica writes the RDB it syncs; in the shared working directory a later server (Redis 7.0 after a
            // Valkey replica's RDB v11) would load it and refuse to start. Each instance gets its own file, kept
            // across StartAgainAsync.
            "--dir", Path.GetTempPath(),
            "--dbfilename", _dumpFile,
            "--appendonly", "no",
            "--daemonize", "no",
            "--loglevel", "warning",
        };
        if (Password is not null)
        {
            arguments.AddRange(["--requirepass", Password]);
        }

        arguments.AddRange(_extraArguments);

        _process = ChildProcess.Start(Binaries.ServerPath, arguments, environment: Binaries.Environment);
        await FreePort.WaitUntilListeningAsync(Port, StartTimeout, _process);
        var pong = await CommandAsync("PING");
        if (pong != "+PONG")
        {
            throw new InvalidOperationException($"redis-server answered PING with '{pong}'");
        }
    }

    /// <summary>Kills the server without warning, as a crashed or evicted Redis pod would go.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        await _process.DisposeAsync();
        _process = null;
    }

    /// <summary>SIGSTOP: the server holds its connections open and answers nothing, as behind a network cut.</summary>
    public Task PauseAsync() => _process?.SignalAsync("STOP") ?? Task.CompletedTask;

    /// <summary>SIGCONT after <see cref="PauseAsync"/>.</summary>
    public Task ResumeAsync() => _process?.SignalAsync("CONT") ?? Task.CompletedTask;

    /// <summary>Sends one command over RESP and returns the first reply line (e.g. <c>+PONG</c>, <c>:3</c>).</summary>
    public async Task<string> CommandAsync(params string[] command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Port);
        var stream = client.GetStream();
        if (Password is not null)
        {
            await WriteCommandAsync(stream, ["AUTH", Password]);
            await ReadReplyAsync(stream);
        }

        await WriteCommandAsync(stream, command);
        return await ReadReplyAsync(stream);
    }

    /// <summary>Reads one field of <c>INFO</c>, e.g. <c>total_commands_processed</c> in section <c>stats</c>.</summary>
    public async Task<string?> InfoFieldAsync(string section, string field)
    {
        foreach (var line in (await BulkCommandAsync("INFO", section)).Split("\r\n"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return line[(field.Length + 1)..];
            }
        }

        return null;
    }

    /// <summary>Sends one command whose reply is a bulk string (<c>INFO</c>, <c>CLIENT LIST</c>) and returns it.</summary>
    public async Task<string> BulkCommandAsync(params string[] command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Port);
        var stream = client.GetStream();
        if (Password is not null)
        {
            await WriteCommandAsync(stream, ["AUTH", Password]);
            await ReadReplyAsync(stream);
        }

        await WriteCommandAsync(stream, command);
        var header = await ReadReplyAsync(stream);
        if (!header.StartsWith('$'))
        {
            throw new InvalidOperationException($"{command[0]} answered '{header}', not a bulk string");
        }

        var length = int.Parse(header.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
        var buffer = new byte[length + 2];
        await stream.ReadExactlyAsync(buffer);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private static async Task WriteCommandAsync(NetworkStream stream, IReadOnlyList<string> command)
    {
        var builder = new StringBuilder();
        builder.Append('*').Append(command.Count).Append("\r\n");
        foreach (var part in command)
        {
            builder.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(builder.ToString()));
    }

    private static async Task<string> ReadReplyAsync(NetworkStream stream)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            await stream.ReadExactlyAsync(one);
            if (one[0] == '\n' && line.Length > 0 && line[^1] == '\r')
            {
                return line.ToString(0, line.Length - 1);
            }

            line.Append((char)one[0]);
        }
    }
}
