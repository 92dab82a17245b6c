using Realtime.Bench;

namespace Realtime.Server.Tests;

/// <summary>A tiny run of the benchmark's rollout row on three server processes, so `make bench` cannot rot unseen.</summary>
public sealed class RolloutRowSmokeTests
{
    private static readonly RolloutScenario Tiny = new()
    {
        Clients = 6, Rooms = 3, MessagesPerSecond = 40, DrainSeconds = 1, Steady = TimeSpan.FromSeconds(1), Settle = TimeSpan.FromSeconds(5),
    };

    private static readonly ServerKind.Ours Ours =
        new("realtime-server", Path.Combine(AppContext.BaseDirectory, "realtime-server.dll"), new Dictionary<string, string>());

    [Fact]
    public async Task Without_recovery_every_client_reconnects_as_a_new_session_and_its_losses_are_counted()
    {
        var report = await RolloutRow.RunAsync(Ours, recovery: false, Tiny, TextWriter.Null, CancellationToken.None);

        Assert.Equal(Tiny.Clients, report.Clients);
        Assert.Equal(0, report.Recovered);
        Assert.InRange(report.NotRecovered, Tiny.Clients, int.MaxValue);
        Assert.True(report.Accepted > 0);
        Assert.Equal(report.Accepted * Tiny.Clients / Tiny.Rooms, report.Expected);
        Assert.True(report.Lost > 0, $"a client away for half a second at {Tiny.MessagesPerSecond} msg/s misses messages: {report}");
        Assert.Equal(0, report.Duplicates);
    }

    /// <summary>Enough clients that each drained pod's ~50 restore on the others at once (the bench row has ~330).</summary>
    private static readonly RolloutScenario Busy = Tiny with { Clients = 150, Rooms = 30, MessagesPerSecond = 300 };

    [Fact]
    public async Task With_recovery_every_client_of_a_rolling_restart_comes_back_with_its_session_and_loses_nothing()
    {
        var report = await RolloutRow.RunAsync(Ours, recovery: true, Busy, TextWriter.Null, CancellationToken.None);

        Assert.True(report.NotRecovered == 0, report.ToString());
        Assert.InRange(report.Recovered, Busy.Clients, int.MaxValue);
        Assert.True(report.Accepted > 0);
        Assert.True(report.Lost == 0, report.ToString());
        Assert.Equal(0, report.Duplicates);
        Assert.StartsWith("recovered ", report.ServerResults.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(",", report.ServerResults.ToString(), StringComparison.Ordinal);
    }
}
