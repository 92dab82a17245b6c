using Realtime.SocketIO.Adapters;
using Realtime.SocketIO.Redis.Wire;

namespace Realtime.SocketIO.Redis.Tests.Wire;

public sealed class BroadcastMessageTests
{
    [Fact]
    public async Task Decodes_the_emitters_room_broadcast_with_a_binary_argument()
    {
        var (channel, bytes) = await NodeWireSamples.GetAsync(0);

        var message = BroadcastMessage.Decode(bytes);

        Assert.Equal("socket.io#/#room1#", channel);
        Assert.Equal("emitter", message.Uid);
        Assert.Equal(PacketType.BinaryEvent, message.Packet.Type);
        Assert.Equal("/", message.Packet.Namespace);
        Assert.Equal("""["chat","hello",42,{"_placeholder":true,"num":0}]""", message.Packet.Data!.Value.GetRawText());
        Assert.Equal(new byte[] { 1, 2, 3 }, message.Packet.Attachments.Single().ToArray());
        Assert.Equal(["room1"], message.Options.Rooms);
        Assert.Empty(message.Options.Except);
    }

    [Fact]
    public async Task Decodes_rooms_except_and_flags()
    {
        var (_, bytes) = await NodeWireSamples.GetAsync(2);

        var message = BroadcastMessage.Decode(bytes);

        Assert.Equal(new HashSet<string> { "r1", "r2" }, message.Options.Rooms);
        Assert.Equal(["r3"], message.Options.Except);
        Assert.True(message.Options.Flags.Volatile);
        Assert.Equal(PacketType.Event, message.Packet.Type);
        Assert.Equal(70000, message.Packet.Data!.Value[1].GetInt32());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Reencodes_what_the_emitter_sent_to_a_message_that_decodes_the_same(int sample)
    {
        var (_, bytes) = await NodeWireSamples.GetAsync(sample);
        var original = BroadcastMessage.Decode(bytes);

        var again = BroadcastMessage.Decode(BroadcastMessage.Encode(original.Uid, original.Packet, original.Options));

        Assert.Equal(original.Packet.Data!.Value.GetRawText(), again.Packet.Data!.Value.GetRawText());
        Assert.Equal(original.Packet.Type, again.Packet.Type);
        Assert.Equal(original.Packet.Namespace, again.Packet.Namespace);
        Assert.Equal(original.Options.Rooms, again.Options.Rooms);
        Assert.Equal(original.Options.Except, again.Options.Except);
        Assert.Equal(original.Packet.Attachments.Select(a => a.ToArray()), again.Packet.Attachments.Select(a => a.ToArray()));
    }

    [Fact]
    public async Task Encodes_byte_for_byte_what_the_node_adapter_encodes()
    {
        var (_, expected) = await NodeWireSamples.GetAsync(6);
        var node = BroadcastMessage.Decode(expected);
        Assert.Equal(PacketType.BinaryEvent, node.Packet.Type);
        Assert.Equal(TimeSpan.FromSeconds(5), node.Options.Flags.Timeout);

        // The same value built on our side: uid, packet {type, data, nsp}, opts {rooms, except, flags}.
        var packet = new SocketIOPacket
        {
            Type = PacketType.BinaryEvent,
            Namespace = "/",
            Data = NodeWireSamples.Json("""["ev",{"_placeholder":true,"num":0},7766279631452241920,0.25,-1,4294967296]"""),
            Attachments = [Enumerable.Repeat((byte)7, 300).ToArray()],
        };
        var options = new BroadcastOptions
        {
            Rooms = new HashSet<string> { "a", "b" },
            Flags = new BroadcastFlags { Timeout = TimeSpan.FromSeconds(5) },
        };

        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(BroadcastMessage.Encode("abc123", packet, options)));
    }

    [Fact]
    public void Numbers_written_as_decimals_but_integral_use_integer_formats_as_in_javascript()
    {
        var packet = new SocketIOPacket { Type = PacketType.Event, Data = NodeWireSamples.Json("[1.0, 2.5, -3e2]") };

        var decoded = BroadcastMessage.Decode(BroadcastMessage.Encode("x", packet, BroadcastOptions.All));

        Assert.Equal("[1,2.5,-300]", decoded.Packet.Data!.Value.GetRawText());
    }
}
