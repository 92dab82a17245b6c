using Realtime.SocketIO.Redis.Backplane;

namespace Realtime.SocketIO.Redis.Tests;

/// <summary>What a Sentinel shard holds during a failover is bounded in bytes, at the shipped 8 MiB, oldest first.</summary>
public sealed class FailoverBufferTests
{
    [Fact]
    public void At_the_shipped_bound_eight_one_mebibyte_messages_fit_and_the_ninth_is_refused()
    {
        var buffer = new FailoverBuffer(new RedisAdapterOptions().FailoverBufferBytes);
        var payload = new byte[1024 * 1024 - 64];

        for (var i = 0; i < 8; i++)
        {
            Assert.True(buffer.TryAdd(new OutgoingMessage(0, "socket.io#/#room#", payload)));
        }

        Assert.False(buffer.TryAdd(new OutgoingMessage(0, "socket.io#/#room#", payload)));
        Assert.Equal(8, buffer.Count);
        Assert.True(buffer.Bytes <= 8 * 1024 * 1024);
    }

    [Fact]
    public void Messages_come_out_oldest_first_and_free_their_bytes()
    {
        var buffer = new FailoverBuffer(100);
        Assert.True(buffer.TryAdd(new OutgoingMessage(0, "a", new byte[40])));
        Assert.True(buffer.TryAdd(new OutgoingMessage(0, "b", new byte[40])));
        Assert.False(buffer.TryAdd(new OutgoingMessage(0, "c", new byte[40])));

        Assert.True(buffer.TryTake(out var first));
        Assert.Equal("a", first.Channel);
        Assert.True(buffer.TryAdd(new OutgoingMessage(0, "c", new byte[40])));
        Assert.True(buffer.TryTake(out var second));
        Assert.Equal("b", second.Channel);
        Assert.True(buffer.TryTake(out var third));
        Assert.Equal("c", third.Channel);
        Assert.Equal(0, buffer.Bytes);
        Assert.False(buffer.TryTake(out _));
    }
}
