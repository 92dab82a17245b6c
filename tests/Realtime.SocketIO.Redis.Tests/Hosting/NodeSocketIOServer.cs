using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Realtime.Testing;

namespace Realtime.SocketIO.Redis.Tests.Hosting;

/// <summary>A Node <c>socket.io</c> 4.8 server on <c>@socket.io/redis-adapter</c> 8.3, driven over its control endpoints.</summary>
public sealed class NodeSocketIOServer : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly HttpClient _http;

    private NodeSocketIOServer(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    /// <param name="recovery">Turns on socket.io's connectionStateRecovery (in-memory, as Node has it).</param>
    public static async Task<NodeSocketIOServer> StartAsync(RedisServer redis, bool recovery = false)
    {
        var port = FreePort.Next();
        var process = NodeScript.Start("redis-node-server.js", new Dictionary<string, string>
        {
            ["port"] = port.ToString(CultureInfo.InvariantCulture),
            ["redisPort"] = redis.Port.ToString(CultureInfo.InvariantCulture),
            ["recovery"] = recovery ? "true" : "false",
        });
        var server = new NodeSocketIOServer(process, port);
        try
        {
            await FreePort.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(10), process);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Calls a control endpoint and returns its JSON answer; fails with the server's output otherwise.</summary>
    public async Task<JsonElement> ControlAsync(string action, params (string Key, string Value)[] query)
    {
        var path = $"/control/{action}?" + string.Join('&', query.Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value)}"));
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode} {body}. Output:\n{_process.Output}");
        }

        return body;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _process.DisposeAsync();
    }
}
