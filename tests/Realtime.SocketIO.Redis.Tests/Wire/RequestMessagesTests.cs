using Realtime.SocketIO.Adapters;
using Realtime.SocketIO.Redis.Wire;

namespace Realtime.SocketIO.Redis.Tests.Wire;

public sealed class RequestMessagesTests
{
    [Fact]
    public async Task Reads_the_emitters_json_requests()
    {
        var (channel, join) = await NodeWireSamples.GetAsync(4);
        var (_, disconnect) = await NodeWireSamples.GetAsync(5);

        var joinRequest = NotepackMessage.Decode(join).Root;
        var disconnectRequest = NotepackMessage.Decode(disconnect).Root;

        Assert.Equal("socket.io-request#/#", channel);
        Assert.Equal((int)RequestType.RemoteJoin, joinRequest.GetProperty("type").GetInt32());
        Assert.Equal(["room2"], WireOptions.ReadRooms(joinRequest, "rooms"));
        Assert.Equal(["room1"], WireOptions.Read(disconnectRequest.GetProperty("opts")).Rooms);
        Assert.True(disconnectRequest.GetProperty("close").GetBoolean());
    }

    [Fact]
    public async Task Reads_the_node_adapters_msgpack_broadcast_with_ack_request()
    {
        var (_, bytes) = await NodeWireSamples.GetAsync(7);

        var request = NotepackMessage.Decode(bytes).Root;

        Assert.Equal((int)RequestType.Broadcast, request.GetProperty("type").GetInt32());
        Assert.Equal("req001", request.GetProperty("requestId").GetString());
        var packet = WirePacket.Read(request.GetProperty("packet"), []);
        Assert.Equal("""["ask",1]""", packet.Data!.Value.GetRawText());
        Assert.Equal(TimeSpan.FromSeconds(1), WireOptions.Read(request.GetProperty("opts")).Flags.Timeout);
    }

    [Fact]
    public async Task Writes_a_binary_ack_response_byte_for_byte_as_node()
    {
        var (_, expected) = await NodeWireSamples.GetAsync(8);
        var decoded = NotepackMessage.Decode(expected);
        var argument = NodeWireSamples.Json("""{"_placeholder":true,"num":0}""");

        Assert.Equal(Convert.ToHexString(expected),
            Convert.ToHexString(RequestMessages.BroadcastAck("req001", argument, decoded.Attachments)));
    }

    [Fact]
    public void Writes_the_json_requests_the_node_adapter_reads()
    {
        var options = new BroadcastOptions { Rooms = new HashSet<string> { "r" }, Except = new HashSet<string> { "x" } };

        var text = System.Text.Encoding.UTF8.GetString(RequestMessages.RoomChange("uid1", RequestType.RemoteLeave, options, ["a"]));

        Assert.Equal("""{"uid":"uid1","type":3,"opts":{"rooms":["r"],"except":["x"]},"rooms":["a"]}""", text);
    }
}
