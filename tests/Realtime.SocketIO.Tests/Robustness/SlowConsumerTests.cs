using Realtime.SocketIO.Tests.Support;
using Realtime.Testing;
using Xunit.Abstractions;

namespace Realtime.SocketIO.Tests.Robustness;

/// <summary>A client that stops reading while the others get broadcasts: it is dropped, memory stays bounded.</summary>
[Collection(SerialCollection.Name)]
public sealed class SlowConsumerTests(ITestOutputHelper output)
{
    private const int Broadcasts = 2400;
    /// <summary>Smaller than the outbound queue, so that the clients that do read never overflow it.</summary>
    private const int Batch = 48;
    private const int PayloadBytes = 12 * 1024;

    [Fact]
    public async Task A_client_that_stops_reading_is_dropped_and_memory_stays_bounded()
    {
        await using var server = await SocketIOTestServer.StartAsync(engine: o => o.MaxOutboundQueue = 64);
        var (slow, slowId) = await RawWebSocketClient.ConnectToMainAsync(server.WebSocketUri);
        await using var _ = slow;
        var readers = new List<CountingReader>();
        for (var i = 0; i < 3; i++)
        {
            readers.Add(await CountingReader.StartAsync(server.WebSocketUri));
        }

        var payload = new string('x', PayloadBytes);
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = baseline;
        for (var sent = 0; sent < Broadcasts;)
        {
            for (var i = 0; i < Batch; i++, sent++)
            {
                server.Server.MainNamespace.Emit("tick", sent, payload);
            }

            var target = sent;
            await Eventually.TrueAsync(() => readers.All(r => r.Count >= target), TimeSpan.FromSeconds(5),
                $"the reading clients got {target} broadcasts");
            if (sent % (Batch * 10) == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
            }
        }

        await Eventually.TrueAsync(() => server.App.DisconnectReasons.ContainsKey(slowId), TimeSpan.FromSeconds(5),
            "the slow client was dropped");
        var growth = (peak - baseline) / (1024 * 1024);
        var total = (long)Broadcasts * PayloadBytes / (1024 * 1024);
        output.WriteLine($"peak managed heap growth {growth} MiB while {total} MiB were broadcast to each client");

        Assert.Equal("slow consumer", server.App.DisconnectReasons[slowId]);
        Assert.All(readers, r => Assert.Equal(Broadcasts, r.Count));
        Assert.True(growth < 16, $"heap grew by {growth} MiB");
        foreach (var reader in readers)
        {
            await reader.DisposeAsync();
        }
    }

    /// <summary>A client that reads and counts <c>tick</c> events as fast as they come.</summary>
    private sealed class CountingReader : IAsyncDisposable
    {
        private readonly RawWebSocketClient _client;
        private readonly Task _loop;
        private int _count;

        private CountingReader(RawWebSocketClient client)
        {
            _client = client;
            _loop = Task.Run(ReadAsync);
        }

        public int Count => Volatile.Read(ref _count);

        public static async Task<CountingReader> StartAsync(Uri uri)
        {
            var (client, _) = await RawWebSocketClient.ConnectToMainAsync(uri);
            return new CountingReader(client);
        }

        public async ValueTask DisposeAsync()
        {
            await _client.DisposeAsync();
            await _loop;
        }

        private async Task ReadAsync()
        {
            try
            {
                while (await _client.ReceiveTextAsync(TimeSpan.FromSeconds(30)) is { } text)
                {
                    if (text.StartsWith("42[\"tick\"", StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref _count);
                    }
                }
            }
            catch (Exception exception) when (exception is System.Net.WebSockets.WebSocketException
                                                  or OperationCanceledException or ObjectDisposedException)
            {
                // Disposed by the test.
            }
        }
    }
}
