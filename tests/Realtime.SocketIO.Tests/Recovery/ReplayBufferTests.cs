using Realtime.SocketIO.Adapters;
using Realtime.SocketIO.Protocol;
using Realtime.SocketIO.Recovery;

namespace Realtime.SocketIO.Tests.Recovery;

/// <summary>What a recovering socket does with live deliveries around its replay.</summary>
public sealed class ReplayBufferTests
{
    [Fact]
    public void Held_packets_already_replayed_are_dropped_and_a_late_live_copy_too_until_a_newer_one_arrives()
    {
        var buffer = new ReplayBuffer(1 << 20);
        var delivered = new List<string?>();
        Assert.True(buffer.TryTake(Logged("1-0")));
        Assert.True(buffer.TryTake(Logged("2-0")));

        Assert.True(buffer.Release(Parse("2-1"), packet => delivered.Add(packet.Offset)));
        var lateCopy = buffer.TryTake(Logged("2-1"));
        var newer = buffer.TryTake(Logged("3-0"));

        Assert.Empty(delivered);
        Assert.True(lateCopy);
        Assert.False(newer);
        Assert.True(buffer.Done);
    }

    [Fact]
    public void Held_packets_newer_than_the_replay_are_sent_in_order_on_release()
    {
        var buffer = new ReplayBuffer(1 << 20);
        var delivered = new List<string?>();
        buffer.TryTake(Logged("5-0"));
        buffer.TryTake(Logged("6-0"));
        buffer.TryTake(Logged("7-0"));

        Assert.True(buffer.Release(Parse("5-0"), packet => delivered.Add(packet.Offset)));

        Assert.Equal(["6-0", "7-0"], delivered);
        Assert.False(buffer.TryTake(Logged("8-0")));
    }

    [Fact]
    public void Holding_more_than_the_bound_fails_the_recovery_instead_of_sending_a_partial_stream()
    {
        var first = Logged("1-0");
        var buffer = new ReplayBuffer(first.Bytes);
        var delivered = 0;
        buffer.TryTake(first);
        buffer.TryTake(Logged("2-0"));

        Assert.False(buffer.Release(null, _ => delivered++));
        Assert.Equal(0, delivered);
    }

    private static EncodedPacket Logged(string offset) =>
        EncodedPacket.Encode(Adapter.WithOffset(
            EncodedPacket.ToPacket(PacketType.Event, "/", null, "news", [1]), offset));

    private static StreamOffset Parse(string offset)
    {
        Assert.True(StreamOffset.TryParse(offset, out var parsed));
        return parsed;
    }
}
