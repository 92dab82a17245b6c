using System.Text.Json;
using Realtime.Testing;

namespace Realtime.Cluster.Tests;

/// <summary>The official client of <c>recovery-client.js</c>: what it printed, and the commands it takes.</summary>
public sealed class RecoveringClient : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly ChildProcess _process;

    private RecoveringClient(ChildProcess process) => _process = process;

    public static async Task<RecoveringClient> ConnectAsync(string url, params string[] rooms)
    {
        var client = new RecoveringClient(NodeScript.Start("recovery-client.js",
            new Dictionary<string, string> { ["url"] = url, ["rooms"] = string.Join(',', rooms) }));
        await Eventually.TrueAsync(() => client.Lines("ready").Any(), Patience, $"the client joined. Output:\n{client.Output}");
        return client;
    }

    public string Output => _process.Output;

    public string Id => Lines("ready").First().GetProperty("ready").GetString()!;

    /// <summary>Every connect: the socket id and whether it was recovered.</summary>
    public IReadOnlyList<(string Id, bool Recovered)> Connects =>
        [.. Lines("connected").Select(line => (line.GetProperty("connected").GetString()!, line.GetProperty("recovered").GetBoolean()))];

    /// <summary>The argument lists of every <paramref name="eventName"/> received, in order.</summary>
    public IReadOnlyList<JsonElement> Received(string eventName) =>
        [.. Lines("event").Where(line => line.GetProperty("event").GetString() == eventName).Select(line => line.GetProperty("args"))];

    public Task WaitForConnectsAsync(int count) =>
        Eventually.TrueAsync(() => Connects.Count >= count, Patience, $"{count} connects. Output:\n{Output}");

    public Task WaitForAsync(string eventName, int count) =>
        Eventually.TrueAsync(() => Received(eventName).Count >= count, Patience, $"{count} '{eventName}'. Output:\n{Output}");

    public Task DropAsync() => _process.WriteLineAsync("drop");

    public Task ReconnectAsync() => _process.WriteLineAsync("reconnect");

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private IEnumerable<JsonElement> Lines(string key) =>
        _process.Output.Split('\n').Where(line => line.StartsWith('{')).Select(Parse)
            .Where(line => line.ValueKind == JsonValueKind.Object && line.TryGetProperty(key, out _));

    private static JsonElement Parse(string line)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            return json.RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }
}
