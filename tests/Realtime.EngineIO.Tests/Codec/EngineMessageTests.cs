using System.Text;
using Realtime.EngineIO.Protocol;

namespace Realtime.EngineIO.Tests.Codec;

public class EngineMessageTests
{
    [Fact]
    public void Text_is_encoded_once_as_the_utf8_of_type_4_and_payload()
    {
        var message = EngineMessage.Text("héllo €");

        Assert.False(message.IsBinary);
        Assert.Equal("4héllo €", Encoding.UTF8.GetString(message.WebSocketPayload.Span));
        Assert.True(message.WebSocketPayload.Span == message.PollingPayload.Span, "polling and WebSocket share bytes");
    }

    [Fact]
    public void TextUtf8_matches_Text()
    {
        Assert.Equal(EngineMessage.Text("[\"a\",1]").WebSocketPayload.ToArray(),
            EngineMessage.TextUtf8("[\"a\",1]"u8).WebSocketPayload.ToArray());
    }

    [Fact]
    public void Binary_is_raw_on_websocket_and_b_base64_on_polling()
    {
        var message = EngineMessage.Binary(new byte[] { 1, 2, 3, 4 });

        Assert.True(message.IsBinary);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, message.WebSocketPayload.ToArray());
        Assert.Equal("bAQIDBA==", Encoding.ASCII.GetString(message.PollingPayload.Span));
    }

    [Fact]
    public void Binary_copies_the_callers_buffer()
    {
        var buffer = new byte[] { 7, 8 };
        var message = EngineMessage.Binary(buffer);
        buffer[0] = 0;

        Assert.Equal(new byte[] { 7, 8 }, message.WebSocketPayload.ToArray());
    }

    [Fact]
    public void Binary_polling_record_is_computed_once_and_shared()
    {
        var message = EngineMessage.Binary(new byte[] { 9 });

        Assert.True(message.PollingPayload.Span == message.PollingPayload.Span);
    }

    [Fact]
    public void Control_packets_have_their_wire_form()
    {
        Assert.Equal("2", Encoding.ASCII.GetString(EngineMessage.Ping.WebSocketPayload.Span));
        Assert.Equal("6", Encoding.ASCII.GetString(EngineMessage.Noop.WebSocketPayload.Span));
        Assert.Equal("1", Encoding.ASCII.GetString(EngineMessage.ClosePacket.WebSocketPayload.Span));
        Assert.Equal("3probe", Encoding.ASCII.GetString(EngineMessage.ProbePong.WebSocketPayload.Span));
    }

    [Fact]
    public void Handshake_packet_has_exactly_the_five_fields_in_order()
    {
        var options = new EngineIOOptions();

        var packet = HandshakePacket.Create("lv_VI97HAXpY6yYWAAAC", canUpgrade: true, options);

        Assert.Equal(
            "0{\"sid\":\"lv_VI97HAXpY6yYWAAAC\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}",
            Encoding.UTF8.GetString(packet.WebSocketPayload.Span));
        Assert.Contains("\"upgrades\":[]",
            Encoding.UTF8.GetString(HandshakePacket.Create("x", canUpgrade: false, options).WebSocketPayload.Span),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Session_ids_are_20_base64url_characters_and_distinct()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => SessionId.New()).ToList();

        Assert.All(ids, id => Assert.Matches("^[A-Za-z0-9_-]{20}$", id));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }
}
