using System.Diagnostics;
using System.Net;
using Realtime.Bench;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>SIGTERM on the real process: readiness off at once, no new sessions, clients closed across the window.</summary>
public class DrainTests
{
    private const int Clients = 40;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task Sigterm_drains_gradually_and_exits_before_the_window_ends()
    {
        var port = FreePort.Next();
        await using var process = ServerProcess.Start(port, new Dictionary<string, string> { ["DRAIN_SECONDS"] = "4" });
        await FreePort.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(20), process);
        var url = new Uri($"http://127.0.0.1:{port}");
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
        var clients = new List<BenchClient>();
        try
        {
            for (var i = 0; i < Clients; i++)
            {
                clients.Add(await BenchClient.ConnectAsync(url, null, CancellationToken.None));
            }

            var signalled = Stopwatch.GetTimestamp();
            var termination = process.TerminateAsync(Window + TimeSpan.FromSeconds(5));

            await Eventually.TrueAsync(async () => (await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.ServiceUnavailable,
                TimeSpan.FromSeconds(2), "readiness turns false right after SIGTERM");
            using var handshake = await http.GetAsync("/socket.io/?EIO=4&transport=polling");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, handshake.StatusCode);

            var closedAt = (await Task.WhenAll(clients.Select(c => c.Closed)).WaitAsync(Window))
                .Select(t => Stopwatch.GetElapsedTime(signalled, t)).Order().ToList();
            await termination;
            var exitedAfter = Stopwatch.GetElapsedTime(signalled);

            Assert.True(closedAt[^1] - closedAt[0] > Window * 0.5, $"closes spread over {closedAt[^1] - closedAt[0]}");
            Assert.True(closedAt.Count(t => t < TimeSpan.FromSeconds(1)) <= Clients / 2, "no stampede in the first second");
            // The closes end at 80 % of the window; the margin covers starting `kill` and reaping on a busy machine.
            Assert.True(exitedAfter < Window + TimeSpan.FromSeconds(1), $"exited after {exitedAfter}");
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        }
    }
}
