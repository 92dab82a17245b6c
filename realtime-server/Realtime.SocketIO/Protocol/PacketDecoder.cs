using System.Text.Json;
using Realtime.SocketIO.Adapters;

namespace Realtime.SocketIO.Protocol;

/// <summary>
/// Turns the Engine.IO messages of one connection into Socket.IO packets, collecting the binary attachments that
/// follow a BINARY_EVENT/BINARY_ACK header. The attachments of the packet being assembled are bounded in total by
/// <paramref name="maxAttachmentBytes"/> (the Engine.IO <c>maxHttpBufferSize</c>): without it, ten placeholders and
/// nine 900 KB frames pinned 8 MB per connection for as long as it stayed open. Not thread-safe: one per
/// connection, fed in order.
/// </summary>
internal sealed class PacketDecoder(int maxAttachments, long maxAttachmentBytes)
{
    private SocketIOPacket? _pending;
    private int _expected;
    private long _receivedBytes;
    private List<ReadOnlyMemory<byte>>? _received;

    /// <summary>Whether a binary packet is waiting for attachments.</summary>
    public bool IsAssembling => _pending is not null;

    /// <summary>Bytes of the attachments received for the packet being assembled.</summary>
    public long PendingBytes => _pending is null ? 0 : _receivedBytes;

    /// <summary>Returns the packet (from its UTF-8 text as received), or null while its attachments are still to come.</summary>
    public SocketIOPacket? DecodeText(ReadOnlySpan<byte> text)
    {
        if (_pending is not null)
        {
            throw new SocketIOProtocolException("got text data while reconstructing a binary packet");
        }

        var packet = PacketParser.Parse(text, maxAttachments, out var attachmentCount);
        if (packet.Type is not (PacketType.BinaryEvent or PacketType.BinaryAck))
        {
            return packet;
        }

        if (attachmentCount == 0)
        {
            return Complete(packet, []);
        }

        _pending = packet;
        _expected = attachmentCount;
        _receivedBytes = 0;
        _received = new List<ReadOnlyMemory<byte>>(attachmentCount);
        return null;
    }

    /// <summary>Takes one attachment; returns the packet once the last one arrived.</summary>
    public SocketIOPacket? DecodeAttachment(ReadOnlyMemory<byte> binary)
    {
        if (_pending is null || _received is null)
        {
            throw new SocketIOProtocolException("got binary data when not reconstructing a packet");
        }

        _receivedBytes += binary.Length;
        if (_receivedBytes > maxAttachmentBytes)
        {
            _pending = null;
            _received = null;
            throw new SocketIOProtocolException($"the attachments of a binary packet exceed {maxAttachmentBytes} bytes");
        }

        _received.Add(binary);
        if (_received.Count < _expected)
        {
            return null;
        }

        var packet = _pending;
        var attachments = _received;
        _pending = null;
        _received = null;
        return Complete(packet, attachments);
    }

    private static SocketIOPacket Complete(SocketIOPacket packet, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        if (packet.Data is { } data)
        {
            CheckPlaceholders(data, attachments.Count);
        }

        return packet with { Attachments = attachments };
    }

    private static void CheckPlaceholders(JsonElement element, int attachmentCount)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    CheckPlaceholders(item, attachmentCount);
                }

                break;
            case JsonValueKind.Object when Placeholder.IsPlaceholder(element):
                if (!Placeholder.TryGetIndex(element, out var num) || num >= attachmentCount)
                {
                    throw new SocketIOProtocolException("illegal attachments");
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    CheckPlaceholders(property.Value, attachmentCount);
                }

                break;
        }
    }
}
