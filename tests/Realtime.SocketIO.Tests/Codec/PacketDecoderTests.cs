using Realtime.SocketIO.Adapters;
using Realtime.SocketIO.Protocol;

namespace Realtime.SocketIO.Tests.Codec;

/// <summary>Reassembly of binary packets from their text header and attachment messages.</summary>
public sealed class PacketDecoderTests
{
    [Fact]
    public void BinaryEventWaitsForItsAttachmentsInOrder()
    {
        var decoder = new PacketDecoder(10);

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
    public void BinaryEventWithoutAttachmentsIsCompleteAtOnce()
    {
        var packet = new PacketDecoder(10).Decode("50-[\"none\"]");

        Assert.NotNull(packet);
        Assert.Empty(packet.Attachments);
    }

    [Fact]
    public void TheDecoderIsReadyForTheNextPacketAfterReassembly()
    {
        var decoder = new PacketDecoder(10);
        decoder.Decode("61-3[{\"_placeholder\":true,\"num\":0}]");
        decoder.Decode(new byte[] { 7 });

        var next = decoder.Decode("2[\"next\"]");

        Assert.Equal(PacketType.Event, next!.Type);
    }

    [Fact]
    public void TextWhileWaitingForAttachmentsIsAProtocolError()
    {
        var decoder = new PacketDecoder(10);
        decoder.Decode("51-[\"a\",{\"_placeholder\":true,\"num\":0}]");

        Assert.Throws<SocketIOProtocolException>(() => decoder.Decode("2[\"b\"]"));
    }

    [Fact]
    public void BinaryWithoutAHeaderIsAProtocolError()
    {
        Assert.Throws<SocketIOProtocolException>(() => new PacketDecoder(10).Decode(new byte[] { 1 }));
    }

    [Theory]
    [InlineData("51-[\"a\",{\"_placeholder\":true,\"num\":1}]")]
    [InlineData("51-[\"a\",{\"_placeholder\":true,\"num\":-1}]")]
    [InlineData("51-[\"a\",{\"_placeholder\":true,\"num\":\"0\"}]")]
    [InlineData("51-[\"a\",{\"_placeholder\":true}]")]
    [InlineData("51-[\"a\",{\"deep\":[{\"_placeholder\":true,\"num\":0.5}]}]")]
    public void PlaceholdersOutOfRangeAreAProtocolError(string header)
    {
        var decoder = new PacketDecoder(10);
        decoder.Decode(header);

        Assert.Throws<SocketIOProtocolException>(() => decoder.Decode(new byte[] { 1 }));
    }

    [Fact]
    public void TheAttachmentLimitIsConfigurable()
    {
        Assert.Throws<SocketIOProtocolException>(() => new PacketDecoder(2).Decode("53-[\"a\"]"));
        Assert.Null(new PacketDecoder(3).Decode("53-[\"a\"]"));
    }
}
