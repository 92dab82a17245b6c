using System.Text.Json;
using Realtime.Testing;

namespace Realtime.SocketIO.Redis.Tests.Wire;

/// <summary>The bytes the official Node packages put on Redis, produced once per test run by a Node script.</summary>
public static class NodeWireSamples
{
    private static readonly Lazy<Task<IReadOnlyList<(string Channel, byte[] Bytes)>>> Samples = new(LoadAsync);

    public static async Task<(string Channel, byte[] Bytes)> GetAsync(int index) => (await Samples.Value)[index];

    private static async Task<IReadOnlyList<(string Channel, byte[] Bytes)>> LoadAsync()
    {
        var result = await NodeScript.RunAsync("redis-wire-samples.js", new Dictionary<string, string>(), TimeSpan.FromSeconds(20));
        return result.GetProperty("samples").EnumerateArray()
            .Select(sample => (sample.GetProperty("channel").GetString()!, Convert.FromHexString(sample.GetProperty("hex").GetString()!)))
            .ToList();
    }

    public static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
