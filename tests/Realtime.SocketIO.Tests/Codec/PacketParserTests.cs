using System.Text;
using Realtime.SocketIO.Adapters;
using Realtime.SocketIO.Protocol;

namespace Realtime.SocketIO.Tests.Codec;

/// <summary>The spec's examples decode and encode exactly; malformed text is a protocol error, never a crash.</summary>
public sealed class PacketParserTests
{
    [Theory]
    [InlineData("0", PacketType.Connect, "/", null, null, 0)]
    [InlineData("0/admin,{\"token\":\"123\"}", PacketType.Connect, "/admin", null, "{\"token\":\"123\"}", 0)]
    [InlineData("0/custom", PacketType.Connect, "/custom", null, null, 0)]
    [InlineData("1", PacketType.Disconnect, "/", null, null, 0)]
    [InlineData("1/admin,", PacketType.Disconnect, "/admin", null, null, 0)]
    [InlineData("2[\"foo\"]", PacketType.Event, "/", null, "[\"foo\"]", 0)]
    [InlineData("2/admin,[\"bar\"]", PacketType.Event, "/admin", null, "[\"bar\"]", 0)]
    [InlineData("212[\"foo\"]", PacketType.Event, "/", 12L, "[\"foo\"]", 0)]
    [InlineData("2[42,\"numeric event name\"]", PacketType.Event, "/", null, "[42,\"numeric event name\"]", 0)]
    [InlineData("3/admin,13[\"bar\"]", PacketType.Ack, "/admin", 13L, "[\"bar\"]", 0)]
    [InlineData("30[]", PacketType.Ack, "/", 0L, "[]", 0)]
    [InlineData("4{\"message\":\"Not authorized\"}", PacketType.ConnectError, "/", null, "{\"message\":\"Not authorized\"}", 0)]
    [InlineData("51-[\"baz\",{\"_placeholder\":true,\"num\":0}]", PacketType.BinaryEvent, "/", null,
        "[\"baz\",{\"_placeholder\":true,\"num\":0}]", 1)]
    [InlineData("52-/admin,[\"baz\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]",
        PacketType.BinaryEvent, "/admin", null,
        "[\"baz\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]", 2)]
    [InlineData("61-15[\"bar\",{\"_placeholder\":true,\"num\":0}]", PacketType.BinaryAck, "/", 15L,
        "[\"bar\",{\"_placeholder\":true,\"num\":0}]", 1)]
    public void Spec_examples_decode(string text, PacketType type, string nsp, long? id, string? data, int attachments)
    {
        var packet = PacketParser.Parse(Encoding.UTF8.GetBytes(text), 10, out var attachmentCount);

        Assert.Equal(type, packet.Type);
        Assert.Equal(nsp, packet.Namespace);
        Assert.Equal(id, packet.Id);
        Assert.Equal(data, packet.Data?.GetRawText());
        Assert.Equal(attachments, attachmentCount);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0/admin,{\"token\":\"123\"}")]
    [InlineData("1/admin,")]
    [InlineData("2[\"foo\"]")]
    [InlineData("212[\"foo\"]")]
    [InlineData("3/admin,13[\"bar\"]")]
    [InlineData("4{\"message\":\"Not authorized\"}")]
    public void Spec_examples_encode_back_to_the_same_text(string text)
    {
        var packet = PacketParser.Parse(Encoding.UTF8.GetBytes(text), 10, out _);

        Assert.Equal(text, PacketEncoder.EncodeText(packet));
    }

    [Fact]
    public void Events_with_attachments_are_encoded_as_binary_events()
    {
        var packet = PacketParser.Parse("2/admin,7[\"baz\",{\"_placeholder\":true,\"num\":0}]"u8, 10, out _) with
        {
            Attachments = [new byte[] { 1 }],
        };

        Assert.Equal("51-/admin,7[\"baz\",{\"_placeholder\":true,\"num\":0}]", PacketEncoder.EncodeText(packet));
    }

    [Theory]
    [InlineData("", "empty packet")]
    [InlineData("7", "unknown packet type")]
    [InlineData("x[\"a\"]", "unknown packet type")]
    [InlineData("5[\"a\"]", "illegal attachments")]
    [InlineData("5-[\"a\"]", "illegal attachments")]
    [InlineData("5a-[\"a\"]", "illegal attachments")]
    [InlineData("511-[\"a\"]", "too many attachments")]
    [InlineData("59999999999-[\"a\"]", "illegal attachments")]
    [InlineData("2", "invalid payload for a Event packet")]
    [InlineData("2[]", "invalid payload for a Event packet")]
    [InlineData("2{\"a\":1}", "invalid payload for a Event packet")]
    [InlineData("2[\"connect\"]", "invalid payload for a Event packet")]
    [InlineData("2[\"disconnecting\",1]", "invalid payload for a Event packet")]
    [InlineData("2[null]", "invalid payload for a Event packet")]
    [InlineData("2[\"a\"", "invalid JSON payload")]
    [InlineData("2[\"a\"]]", "invalid JSON payload")]
    [InlineData("2[\"a\"] x", "invalid JSON payload")]
    [InlineData("0[]", "invalid payload for a Connect packet")]
    [InlineData("0\"token\"", "invalid payload for a Connect packet")]
    [InlineData("1{}", "invalid payload for a Disconnect packet")]
    [InlineData("3[]", "invalid payload for a Ack packet")]
    [InlineData("31{}", "invalid payload for a Ack packet")]
    [InlineData("4", "invalid payload for a ConnectError packet")]
    [InlineData("21234567890123456[\"a\"]", "ack id too large")]
    public void Malformed_text_is_a_protocol_error(string text, string reason)
    {
        var error = Assert.Throws<SocketIOProtocolException>(() => PacketParser.Parse(Encoding.UTF8.GetBytes(text), 10, out _));

        Assert.StartsWith(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deeply_nested_json_is_a_protocol_error_not_a_stack_overflow()
    {
        var text = "2[\"a\"," + new string('[', 100_000) + new string(']', 100_000) + "]";

        Assert.Throws<SocketIOProtocolException>(() => PacketParser.Parse(Encoding.UTF8.GetBytes(text), 10, out _));
    }
}
