using System.Net.WebSockets;
using System.Text;
using Realtime.EngineIO.Tests.Support;
using Realtime.EngineIO.Tests.WebSockets;

namespace Realtime.EngineIO.Tests.Robustness;

public class HostileInputTests
{
    private static readonly string[] TruncatedPackets =
        ["", "4", "b", "bA", "b====", "\u001e", "\u001e\u001e4", "7", "0", "5", "6", "2probe", "3probe", "1x", "\0", "4\u001eb!"];

    [Theory]
    [ClassData(typeof(WebSocketPaths))]
    public async Task Random_and_truncated_packets_from_many_connections_do_not_disturb_a_good_client(EngineWebSocketPath path)
    {
        await using var server = await EngineTestServer.StartAsync(path, o => o.MaxHttpBufferSize = 4096);
        var (good, goodSid) = await WebSocketText.ConnectAsync(server.WebSocketUri("EIO=4&transport=websocket"));
        using var goodSocket = good;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var attackers = Enumerable.Range(0, 16)
            .Select(i => i % 2 == 0 ? PollingAttackerAsync(server, new Random(i), stop.Token)
                : WebSocketAttackerAsync(server, new Random(i), stop.Token))
            .ToList();
        var exchanged = await ExchangeAsync(good, 300);
        await Task.WhenAll(attackers);

        Assert.Equal(300, exchanged);
        Assert.False(server.Handler.IsClosed(goodSid));
        Assert.Empty(server.Handler.Violations);
        var late = await PollingClient.ConnectAsync(server.Http);
        await late.PostAsync("4after the storm");
        Assert.Equal("4after the storm", await late.GetAsync());
    }

    private static async Task<int> ExchangeAsync(WebSocket socket, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var text = $"4message {i} ✓";
            await WebSocketText.SendAsync(socket, text);
            Assert.Equal(text, await WebSocketText.ReceiveAsync(socket));
        }

        return count;
    }

    private static async Task PollingAttackerAsync(EngineTestServer server, Random random, CancellationToken token)
    {
        for (var round = 0; round < 25 && !token.IsCancellationRequested; round++)
        {
            var client = await PollingClient.ConnectAsync(server.Http);
            var payload = random.Next(3) switch
            {
                0 => TruncatedPackets[random.Next(TruncatedPackets.Length)],
                1 => RandomText(random, random.Next(0, 64)),
                _ => RandomText(random, random.Next(4000, 6000)),
            };
            using var content = new ByteArrayContent(Encoding.Latin1.GetBytes(payload));
            using var response = await server.Http.PostAsync(client.Path, content, token);
            using var wrongSid = await server.Http.GetAsync($"/socket.io/?EIO=4&transport=polling&sid={RandomText(random, 20)}", token);
        }
    }

    private static async Task WebSocketAttackerAsync(EngineTestServer server, Random random, CancellationToken token)
    {
        for (var round = 0; round < 10 && !token.IsCancellationRequested; round++)
        {
            var (socket, _) = await WebSocketText.ConnectAsync(server.WebSocketUri("EIO=4&transport=websocket"));
            using (socket)
            {
                try
                {
                    for (var frame = 0; frame < 10 && socket.State == WebSocketState.Open; frame++)
                    {
                        var bytes = new byte[random.Next(0, random.Next(2) == 0 ? 64 : 6000)];
                        random.NextBytes(bytes);
                        var type = random.Next(3) switch
                        {
                            0 => WebSocketMessageType.Binary,
                            1 => WebSocketMessageType.Text,
                            _ => WebSocketMessageType.Text,
                        };
                        if (type == WebSocketMessageType.Text && random.Next(2) == 0)
                        {
                            bytes = Encoding.UTF8.GetBytes(TruncatedPackets[random.Next(TruncatedPackets.Length)]);
                        }

                        await socket.SendAsync(bytes, type, endOfMessage: random.Next(4) != 0, token);
                    }
                }
                catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
                {
                    // The server closed this attacker: expected.
                }

                socket.Abort();
            }
        }
    }

    private static string RandomText(Random random, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = (char)random.Next(0, 256);
        }

        return new string(chars);
    }
}
