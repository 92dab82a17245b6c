using Realtime.EngineIO;
using Realtime.SocketIO.Adapters;
using Realtime.SocketIO.Protocol;

namespace Realtime.SocketIO.Tests.Codec;

/// <summary>Reassembly of binary packets from their text header and attachment messages.</summary>
public sealed class PacketDecoderTests
{
    [Fact]
    public void Binary_event_waits_for_its_attachments_in_order()
    {
        var decoder = new PacketDecoder(10, 1_000_000);

        Assert.Null(decoder.Decode("52-[\"up\",{\"_placeholder\":true,\"num\":1},{\"_placeholder\":true,\"num\":0}]"));
        Assert.Null(decoder.Decode(new byte[] { 1, 2 }));
        var packet = decoder.Decode(new byte[] { 3 });

        Assert.NotNull(packet);
        Assert.Equal(PacketType.BinaryEvent, packet.Type);
        Assert.Equal([1, 2], packet.Attachments[0].ToArray());
        Assert.Equal([3], packet.Attachments[1].ToArray());
        var args = new SocketIOArguments(packet.Data!.Value, 1, packet.Attachments);
        Assert.Equal([3], args.GetBinary(0).ToArray());
        Assert.Equal([1, 2], args.GetBinary(1).ToArray());
    }

    [Fact]
    public void Binary_event_without_attachments_is_complete_at_once()
    {
        var packet = new PacketDecoder(10, 1_000_000).Decode("50-[\"none\"]");

        Assert.NotNull(packet);
        Assert.Empty(packet.Attachments);
    }

    [Fact]
    public void The_decoder_is_ready_for_the_next_packet_after_reassembly()
    {
        var decoder = new PacketDecoder(10, 1_000_000);
        decoder.Decode("61-3[{\"_placeholder\":true,\"num\":0}]");
        decoder.Decode(new byte[] { 7 });

        var next = decoder.Decode("2[\"next\"]");

        Assert.Equal(PacketType.Event, next!.Type);
    }

    [Fact]
    public void Text_while_waiting_for_attachments_is_a_protocol_error()
    {
        var decoder = new PacketDecoder(10, 1_000_000);
        decoder.Decode("51-[\"a\",{\"_placeholder\":true,\"num\":0}]");

        Assert.Throws<SocketIOProtocolException>(() => decoder.Decode("2[\"b\"]"));
    }

    [Fact]
    public void Binary_without_a_header_is_a_protocol_error()
    {
        Assert.Throws<SocketIOProtocolException>(() => new PacketDecoder(10, 1_000_000).Decode(new byte[] { 1 }));
    }

    [Theory]
    [InlineData("51-[\"a\",{\"_placeholder\":true,\"num\":1}]")]
    [InlineData("51-[\"a\",{\"_placeholder\":true,\"num\":-1}]")]
    [InlineData("51-[\"a\",{\"_placeholder\":true,\"num\":\"0\"}]")]
    [InlineData("51-[\"a\",{\"_placeholder\":true}]")]
    [InlineData("51-[\"a\",{\"deep\":[{\"_placeholder\":true,\"num\":0.5}]}]")]
    public void Placeholders_out_of_range_are_a_protocol_error(string header)
    {
        var decoder = new PacketDecoder(10, 1_000_000);
        decoder.Decode(header);

        Assert.Throws<SocketIOProtocolException>(() => decoder.Decode(new byte[] { 1 }));
    }

    [Fact]
    public void The_attachment_limit_is_configurable()
    {
        Assert.Throws<SocketIOProtocolException>(() => new PacketDecoder(2, 1_000_000).Decode("53-[\"a\"]"));
        Assert.Null(new PacketDecoder(3, 1_000_000).Decode("53-[\"a\"]"));
    }

    [Fact]
    public void Attachments_of_one_packet_are_bounded_in_total_by_the_shipped_MaxHttpBufferSize()
    {
        var limit = new EngineIOOptions().MaxHttpBufferSize;
        var decoder = new PacketDecoder(new SocketIOOptions().MaxAttachments, limit);
        var frame = new byte[900_000];
        decoder.Decode(TenPlaceholders);

        Assert.Null(decoder.Decode(frame));
        Assert.True(decoder.IsAssembling);
        var error = Assert.Throws<SocketIOProtocolException>(() => decoder.Decode(frame));
        Assert.Contains($"{limit} bytes", error.Message, StringComparison.Ordinal);
        Assert.False(decoder.IsAssembling);
    }

    [Fact]
    public void Attachments_that_add_up_to_exactly_the_limit_are_accepted()
    {
        var decoder = new PacketDecoder(10, 1_000_000);
        decoder.Decode("52-[\"up\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");

        Assert.Null(decoder.Decode(new byte[500_000]));
        Assert.NotNull(decoder.Decode(new byte[500_000]));
    }

    /// <summary>The header of the hostile packet of issue 12: ten placeholders, then (up to) ten 900 KB frames.</summary>
    internal static readonly string TenPlaceholders =
        "510-[\"up\"" + string.Concat(Enumerable.Range(0, 10).Select(i => $",{{\"_placeholder\":true,\"num\":{i}}}")) + "]";
}
