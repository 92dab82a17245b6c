using Realtime.SocketIO.Diagnostics;

namespace Realtime.SocketIO.Tests.Diagnostics;

public sealed class LogRateLimiterTests
{
    [Fact]
    public void At_most_the_limit_per_window_pass_and_the_next_one_tells_how_many_were_suppressed()
    {
        var time = new ManualTime();
        var limiter = new LogRateLimiter(3, TimeSpan.FromSeconds(1), time);

        var passed = Enumerable.Range(0, 10).Count(_ => limiter.TryEnter(out long _));
        Assert.Equal(3, passed);

        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(limiter.TryEnter(out _));

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(limiter.TryEnter(out var suppressed));
        Assert.Equal(8, suppressed);
        Assert.True(limiter.TryEnter(out suppressed));
        Assert.Equal(0, suppressed);
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
