using System.Text.Json;
using Realtime.SocketIO.Adapters;
using Realtime.SocketIO.Protocol;

namespace Realtime.SocketIO.Tests.Codec;

/// <summary>
/// Received arguments go out again as they came: binary attachments at any depth are bytes again (renumbered in
/// depth-first order by the encoder), everything else the JSON received; placeholder-shaped JSON with no
/// attachment behind it stays JSON.
/// </summary>
public sealed class EmitArgumentsTests
{
    [Fact]
    public void Binary_nested_anywhere_is_sent_as_attachments_again()
    {
        var args = Receive(
            "52-[\"echo\",{\"buf\":{\"_placeholder\":true,\"num\":1},\"list\":[1,{\"deep\":[{\"_placeholder\":true,\"num\":0}]}]},\"text\"]",
            [0xA0], [0xB0, 0xB1]);

        var echoed = EncodedPacket.ToPacket(PacketType.BinaryEvent, "/", null, "echo", args.ToEmitArguments());

        Assert.Equal(
            "[\"echo\",{\"buf\":{\"_placeholder\":true,\"num\":0},\"list\":[1,{\"deep\":[{\"_placeholder\":true,\"num\":1}]}]},\"text\"]",
            echoed.Data!.Value.GetRawText());
        Assert.Equal([[0xB0, 0xB1], [0xA0]], echoed.Attachments.Select(a => a.ToArray()));
    }

    [Fact]
    public void One_value_taken_from_an_argument_keeps_its_nested_binary()
    {
        var args = Receive("51-[\"publish\",{\"event\":\"e\",\"data\":{\"buf\":{\"_placeholder\":true,\"num\":0}}}]", [1, 2, 3]);

        var data = args.ToEmitValue(args[0].GetProperty("data"));
        var sent = EncodedPacket.ToPacket(PacketType.BinaryEvent, "/", null, "e", [data]);

        Assert.Equal("[\"e\",{\"buf\":{\"_placeholder\":true,\"num\":0}}]", sent.Data!.Value.GetRawText());
        Assert.Equal([1, 2, 3], Assert.Single(sent.Attachments).ToArray());
    }

    [Fact]
    public void Without_attachments_the_received_json_is_passed_on_untouched()
    {
        var args = Receive("2[\"echo\",{\"_placeholder\":true,\"num\":0},{\"a\":[1,\"x\"]}]");

        var emitted = args.ToEmitArguments();

        Assert.All(emitted, value => Assert.IsType<JsonElement>(value));
        var sent = EncodedPacket.ToPacket(PacketType.Event, "/", null, "echo", emitted);
        Assert.Equal("[\"echo\",{\"_placeholder\":true,\"num\":0},{\"a\":[1,\"x\"]}]", sent.Data!.Value.GetRawText());
        Assert.Empty(sent.Attachments);
    }

    private static SocketIOArguments Receive(string text, params byte[][] attachments)
    {
        var decoder = new PacketDecoder(10, 1_000_000);
        var packet = decoder.Decode(text);
        foreach (var attachment in attachments)
        {
            packet = decoder.Decode(attachment);
        }

        return new SocketIOArguments(packet!.Data!.Value, 1, packet.Attachments);
    }
}
