using System.Text.Json;
using Realtime.EngineIO.Tests.Support;

namespace Realtime.EngineIO.Tests.Interop;

/// <summary>The official Node <c>engine.io-client</c> against our server.</summary>
public class NodeClientTests
{
    private const int Count = 20;

    [Theory]
    [InlineData("polling,websocket", "websocket", true)]
    [InlineData("polling", "polling", false)]
    [InlineData("websocket", "websocket", false)]
    public async Task Official_client_exchanges_text_and_binary(string transports, string finalTransport, bool upgraded)
    {
        await using var server = await EngineTestServer.StartAsync();

        var result = await NodeScript.RunAsync("eio-echo.js", new Dictionary<string, string>
        {
            ["url"] = server.BaseUri.ToString().TrimEnd('/'),
            ["transports"] = transports,
            ["count"] = Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, TimeSpan.FromSeconds(15));

        Assert.Equal(finalTransport, result.GetProperty("transportAtEnd").GetString());
        Assert.Equal(upgraded, result.GetProperty("upgraded").GetBoolean());
        Assert.Equal(Enumerable.Range(0, Count).Select(i => $"text-{i}-é"),
            result.GetProperty("texts").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(Enumerable.Range(0, Count).Select(i => new[] { i, 255 - i, 0 }),
            result.GetProperty("binaries").EnumerateArray().Select(b => b.EnumerateArray().Select(v => v.GetInt32()).ToArray()));
    }

    /// <summary>
    /// ws closes its WebSocket with an empty close frame and then waits for the server to end the TCP connection: the
    /// lean path once waited for the (absent) payload instead, and every closing Node client hung for 30 s.
    /// </summary>
    [Theory]
    [InlineData(EngineWebSocketPath.Lean, "websocket")]
    [InlineData(EngineWebSocketPath.Lean, "polling,websocket")]
    [InlineData(EngineWebSocketPath.AspNetCore, "websocket")]
    [InlineData(EngineWebSocketPath.AspNetCore, "polling,websocket")]
    public async Task Official_client_that_closes_its_websocket_is_let_go_at_once(EngineWebSocketPath path, string transports)
    {
        await using var server = await EngineTestServer.StartAsync(path);

        var result = await NodeScript.RunAsync("eio-close.js", new Dictionary<string, string>
        {
            ["url"] = server.BaseUri.ToString().TrimEnd('/'),
            ["transports"] = transports,
        }, TimeSpan.FromSeconds(10));

        Assert.Equal("websocket", result.GetProperty("transport").GetString());
        Assert.Equal("forced close", result.GetProperty("closeReason").GetString());
        await Eventually.TrueAsync(() => server.Engine.ConnectionCount == 0, TimeSpan.FromSeconds(5), "the session ended");
    }

    [Fact]
    public async Task Official_client_session_is_closed_when_the_client_closes()
    {
        await using var server = await EngineTestServer.StartAsync();

        await NodeScript.RunAsync("eio-echo.js", new Dictionary<string, string>
        {
            ["url"] = server.BaseUri.ToString().TrimEnd('/'),
            ["count"] = "1",
        }, TimeSpan.FromSeconds(15));

        await Eventually.TrueAsync(() => server.Engine.ConnectionCount == 0, TimeSpan.FromSeconds(5),
            "the session ends when the Node client closes");
        Assert.Empty(server.Handler.Violations);
    }
}
