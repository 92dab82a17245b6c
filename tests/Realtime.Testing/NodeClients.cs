using System.Text.Json;

namespace Realtime.Testing;

/// <summary>
/// Official <c>socket.io-client</c> peers run by <c>redis-clients.js</c>: each named client joins its rooms and
/// reports every event it receives as a JSON line.
/// </summary>
public sealed class NodeClients : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private NodeClients(ChildProcess process) => _process = process;

    /// <summary>Starts the clients, <c>(name, serverUrl, rooms)</c> each, and waits until all joined their rooms.</summary>
    public static async Task<NodeClients> ConnectAsync(IEnumerable<(string Name, string Url, string[] Rooms)> clients,
        string? transports = null, bool keepCookies = false)
    {
        var list = clients.ToList();
        var arguments = new Dictionary<string, string>
        {
            ["clients"] = string.Join(',', list.Select(c => $"{c.Name}@{c.Url}#{string.Join('+', c.Rooms)}")),
        };
        if (transports is not null)
        {
            arguments["transports"] = transports;
        }

        if (keepCookies)
        {
            arguments["credentials"] = "true";
        }

        var peers = new NodeClients(NodeScript.Start("redis-clients.js", arguments));
        await peers.WaitUntilReadyAsync(list.Select(c => c.Name));
        return peers;
    }

    public string Output => _process.Output;

    public IReadOnlyList<JsonElement> Lines =>
        _process.Output.Split('\n').Where(line => line.StartsWith('{')).Select(ParseLine)
            .Where(line => line.ValueKind == JsonValueKind.Object).ToList();

    /// <summary>The argument lists of each <paramref name="eventName"/> a client received, in order.</summary>
    public IReadOnlyList<JsonElement> Received(string client, string eventName) =>
        Lines.Where(line => line.TryGetProperty("client", out var c) && c.GetString() == client
                            && line.GetProperty("event").GetString() == eventName)
            .Select(line => line.GetProperty("args"))
            .ToList();

    public string? SocketId(string client) =>
        Lines.LastOrDefault(line => line.TryGetProperty("ready", out var r) && r.GetString() == client) is
            { ValueKind: JsonValueKind.Object } ready
            ? ready.GetProperty("id").GetString()
            : null;

    /// <summary>How many times a client connected and joined its rooms (more than once after reconnects).</summary>
    public int ConnectCount(string client) =>
        Lines.Count(line => line.TryGetProperty("ready", out var r) && r.GetString() == client);

    public bool WasDisconnected(string client) =>
        Lines.Any(line => line.TryGetProperty("disconnected", out var d) && d.GetString() == client);

    public Task WaitUntilReadyAsync(IEnumerable<string> names)
    {
        var expected = names.ToList();
        return Eventually.TrueAsync(() => expected.All(name => SocketId(name) is not null), TimeSpan.FromSeconds(20),
            $"clients {string.Join(',', expected)} connected and joined. Output:\n{Output}");
    }

    public Task WaitForAsync(string client, string eventName, int count = 1, TimeSpan? timeout = null) =>
        Eventually.TrueAsync(() => Received(client, eventName).Count >= count, timeout ?? TimeSpan.FromSeconds(20),
            $"{client} received {count} '{eventName}'. Output:\n{Output}");

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static JsonElement ParseLine(string line)
    {
        try
        {
            return JsonDocument.Parse(line).RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }
}
