using Xunit.Abstractions;
using Realtime.SocketIO.Tests.Support;

namespace Realtime.SocketIO.Tests.Robustness;

/// <summary>
/// Many connections send broken Socket.IO input over WebSocket and polling while well-behaved official clients keep
/// exchanging acked messages: each hostile connection is closed, the good clients lose nothing.
/// </summary>
public sealed class HostileInputTests(ITestOutputHelper output)
{
    private const int HostileConnections = 20;
    private const int GoodMessages = 200;

    [Fact]
    public async Task Hostile_connections_are_closed_and_well_behaved_clients_lose_nothing()
    {
        await using var server = await SocketIOTestServer.StartAsync();
        var extra = new Dictionary<string, string> { ["count"] = $"{GoodMessages}", ["window"] = "8" };
        var goodWebSocket = SocketIOClientScript.RunAsync("sio-chatter.js", server, "websocket", extra);
        var goodPolling = SocketIOClientScript.RunAsync("sio-chatter.js", server, "polling", extra);
        using var http = new HttpClient { BaseAddress = server.BaseUri, Timeout = TimeSpan.FromSeconds(10) };

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var closed = await Task.WhenAll(Enumerable.Range(0, HostileConnections).Select(i =>
            i % 2 == 0 ? HostileWebSocketAsync(server, new HostileInput(i)) : HostilePollingAsync(http, new HostileInput(i))));
        output.WriteLine($"hostile connections closed after {clock.ElapsedMilliseconds} ms");

        Assert.All(closed, Assert.True);
        var goodResults = await Task.WhenAll(goodWebSocket, goodPolling);
        output.WriteLine($"good clients done after {clock.ElapsedMilliseconds} ms");
        foreach (var good in goodResults)
        {
            Assert.Equal(GoodMessages, good.GetProperty("acked").GetInt32());
            Assert.Equal(0, good.GetProperty("mismatches").GetInt32());
            Assert.True(good.GetProperty("connected").GetBoolean());
        }

        var (fresh, _) = await RawWebSocketClient.ConnectToMainAsync(server.WebSocketUri);
        await using var __ = fresh;
        await fresh.SendTextAsync("427[\"echo\",\"still serving\"]");
        Assert.Equal("437[\"still serving\"]", await fresh.ReceiveTextAsync());
    }

    private static async Task<bool> HostileWebSocketAsync(SocketIOTestServer server, HostileInput input)
    {
        await using var client = await RawWebSocketClient.ConnectAsync(server.WebSocketUri);
        try
        {
            foreach (var frame in input.NextSequence())
            {
                if (frame.Text is not null)
                {
                    await client.SendTextAsync(frame.Text);
                }
                else
                {
                    await client.SendBinaryAsync(frame.Binary!);
                }
            }
        }
        catch (System.Net.WebSockets.WebSocketException)
        {
            // The server closed the connection before the sequence ended.
        }

        return await client.WaitForServerCloseAsync(TimeSpan.FromSeconds(8));
    }

    private static async Task<bool> HostilePollingAsync(HttpClient http, HostileInput input)
    {
        var client = await RawPollingClient.ConnectAsync(http);
        var records = input.NextSequence()
            .Select(frame => frame.Text ?? "b" + Convert.ToBase64String(frame.Binary!));
        foreach (var record in records)
        {
            if (!await client.PostAsync([record]))
            {
                break;
            }
        }

        return await client.WaitForServerCloseAsync(TimeSpan.FromSeconds(8));
    }
}
