using System.Text.Json;
using Realtime.Testing;

namespace Realtime.SocketIO.Tests.Support;

/// <summary>Runs a <c>tests/node/scripts/sio-*.js</c> scenario with the official socket.io-client against a server.</summary>
public static class SocketIOClientScript
{
    public static Task<JsonElement> RunAsync(string script, SocketIOTestServer server, string transports,
        IReadOnlyDictionary<string, string>? extra = null)
    {
        var arguments = new Dictionary<string, string>
        {
            ["url"] = server.BaseUri.ToString().TrimEnd('/'),
            ["transports"] = transports,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            arguments[key] = value;
        }

        return NodeScript.RunAsync(script, arguments, TimeSpan.FromSeconds(30));
    }

    /// <summary>The values of a JSON array as strings (raw JSON for non-strings), for compact assertions.</summary>
    public static string[] Strings(JsonElement array) =>
        [.. array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText())];
}
