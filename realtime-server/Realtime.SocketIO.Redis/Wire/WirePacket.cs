using System.Text.Json;
using MessagePack;
using Realtime.SocketIO.Adapters;

namespace Realtime.SocketIO.Redis.Wire;

/// <summary>
/// A Socket.IO packet as the Node adapter puts it on the wire: the socket.io-parser packet object
/// <c>{type, data, nsp, id?}</c> with binaries inline. On the wire the type is EVENT or ACK even when binaries
/// are inside (Node's encoder picks BINARY_EVENT when it encodes for a client), so the binary types are folded
/// on the way out and restored on the way in.
/// </summary>
internal static class WirePacket
{
    public static void Write(ref MessagePackWriter writer, SocketIOPacket packet)
    {
        var hasData = packet.Data is { ValueKind: not JsonValueKind.Undefined };
        writer.WriteMapHeader(2 + (hasData ? 1 : 0) + (packet.Id is null ? 0 : 1));
        writer.Write("type");
        writer.Write((int)FoldBinary(packet.Type));
        if (hasData)
        {
            writer.Write("data");
            NotepackJson.Write(ref writer, packet.Data!.Value, packet.Attachments);
        }

        writer.Write("nsp");
        writer.Write(packet.Namespace);
        if (packet.Id is { } id)
        {
            writer.Write("id");
            writer.Write(id);
        }
    }

    public static SocketIOPacket Read(JsonElement packet, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        if (packet.ValueKind != JsonValueKind.Object)
        {
            throw new RedisWireFormatException("the packet is not an object");
        }

        if (!packet.TryGetProperty("type", out var typeElement) || !typeElement.TryGetInt32(out var typeNumber)
            || !Enum.IsDefined((PacketType)typeNumber))
        {
            throw new RedisWireFormatException("the packet has no valid type");
        }

        var nsp = packet.TryGetProperty("nsp", out var nspElement) && nspElement.ValueKind == JsonValueKind.String
            ? nspElement.GetString()!
            : "/";
        long? id = packet.TryGetProperty("id", out var idElement) && idElement.TryGetInt64(out var ackId) ? ackId : null;
        JsonElement? data = packet.TryGetProperty("data", out var dataElement) ? dataElement : null;
        var type = (PacketType)typeNumber;
        if (attachments.Count > 0)
        {
            type = type switch
            {
                PacketType.Event => PacketType.BinaryEvent,
                PacketType.Ack => PacketType.BinaryAck,
                _ => type,
            };
        }

        return new SocketIOPacket { Type = type, Namespace = nsp, Id = id, Data = data, Attachments = attachments };
    }

    private static PacketType FoldBinary(PacketType type) => type switch
    {
        PacketType.BinaryEvent => PacketType.Event,
        PacketType.BinaryAck => PacketType.Ack,
        _ => type,
    };
}
