using Realtime.EngineIO.Transports;

namespace Realtime.EngineIO.Tests.Polling;

/// <summary>The ids kept to answer a GET racing its session's close are bounded in number and in time.</summary>
public class ClientClosedSessionsTests
{
    [Fact]
    public void An_id_is_taken_once_and_only_within_the_retention()
    {
        var time = new ManualTime();
        var closed = new ClientClosedSessions(100, TimeSpan.FromSeconds(10), time);
        closed.Add("a");
        closed.Add("b");

        Assert.True(closed.TryTake("a"));
        Assert.False(closed.TryTake("a"));

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.False(closed.TryTake("b"));
        Assert.Equal(0, closed.Count);
    }

    [Fact]
    public void Beyond_the_capacity_the_oldest_ids_are_forgotten()
    {
        var closed = new ClientClosedSessions(1000, TimeSpan.FromSeconds(10), new ManualTime());
        for (var i = 0; i < 5000; i++)
        {
            closed.Add($"sid-{i}");
        }

        Assert.Equal(1000, closed.Count);
        Assert.False(closed.TryTake("sid-3999"));
        Assert.True(closed.TryTake("sid-4000"));
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
