using Realtime.Operator.Runtime.Queue;

namespace Realtime.Operator.Runtime.Tests;

public sealed class WorkQueueTests
{
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_key_added_twice_while_queued_is_handed_out_once()
    {
        using var queue = new WorkQueue<string>(new Backoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1)));
        queue.Add("a");
        queue.Add("a");
        queue.Add("b");

        Assert.Equal(2, queue.Depth);
        Assert.Equal("a", await queue.TakeAsync(CancellationToken.None));
        Assert.Equal("b", await queue.TakeAsync(CancellationToken.None));
        using var nothingMore = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await queue.TakeAsync(nothingMore.Token));
    }

    [Fact]
    public async Task A_key_added_while_it_is_processed_waits_until_done_and_then_comes_back_once()
    {
        using var queue = new WorkQueue<string>(new Backoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1)));
        queue.Add("a");
        var taken = await queue.TakeAsync(CancellationToken.None);
        queue.Add("a");
        queue.Add("a");

        using var whileProcessing = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await queue.TakeAsync(whileProcessing.Token));

        queue.Done(taken);
        using var afterDone = new CancellationTokenSource(Short);
        Assert.Equal("a", await queue.TakeAsync(afterDone.Token));
        Assert.Equal(0, queue.Depth);
    }

    [Fact]
    public void Backoff_doubles_per_failure_with_bounded_jitter_and_stops_at_the_cap()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        var random = new Random(7);
        for (var failures = 1; failures <= 5; failures++)
        {
            var expected = Math.Pow(2, failures - 1);
            var delay = backoff.DelayFor(failures, random).TotalSeconds;
            Assert.InRange(delay, expected, expected * 1.2);
        }

        Assert.Equal(TimeSpan.FromSeconds(30), backoff.DelayFor(12, random));
        Assert.Equal(TimeSpan.FromSeconds(30), backoff.DelayFor(int.MaxValue, random));
    }

    [Fact]
    public async Task Rate_limited_retries_come_back_after_the_delay_and_forget_resets_the_count()
    {
        using var queue = new WorkQueue<string>(new Backoff(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1)));
        queue.AddRateLimited("a");
        queue.AddRateLimited("a");
        Assert.Equal(2, queue.Failures("a"));
        Assert.Equal(0, queue.Depth);

        using var timeout = new CancellationTokenSource(Short);
        Assert.Equal("a", await queue.TakeAsync(timeout.Token));
        queue.Forget("a");
        Assert.Equal(0, queue.Failures("a"));
    }
}
