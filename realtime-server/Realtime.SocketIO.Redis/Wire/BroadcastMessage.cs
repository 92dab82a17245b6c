using System.Buffers;
using System.Text.Json;
using MessagePack;
using Realtime.SocketIO.Adapters;

namespace Realtime.SocketIO.Redis.Wire;

/// <summary>
/// The broadcast message of the Node adapter and emitter: MessagePack <c>[uid, packet, opts]</c>. With recovery on,
/// <c>opts</c> carries one more key, <c>offset</c> (the log entry's id), which the Node adapter does not read: it
/// takes only rooms, except and flags from <c>opts</c>, so its clients get exactly the packet's arguments.
/// </summary>
internal sealed record BroadcastMessage(string Uid, SocketIOPacket Packet, BroadcastOptions Options, string? Offset)
{
    public const string OffsetKey = "offset";

    public static byte[] Encode(string uid, SocketIOPacket packet, BroadcastOptions options) =>
        Encode(uid, packet, options, extraKey: null);

    /// <summary>The message up to the value of <c>opts.offset</c>, which the log's script appends.</summary>
    public static byte[] EncodeHead(string uid, SocketIOPacket packet, BroadcastOptions options) =>
        Encode(uid, packet, options, OffsetKey);

    private static byte[] Encode(string uid, SocketIOPacket packet, BroadcastOptions options, string? extraKey)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(3);
        writer.Write(uid);
        WirePacket.Write(ref writer, packet);
        WireOptions.Write(ref writer, options, extraKey);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A logged head completed with its offset, as the subscribers received it.</summary>
    public static byte[] Complete(byte[] head, string offset)
    {
        var buffer = new ArrayBufferWriter<byte>(head.Length + offset.Length + 2);
        buffer.Write(head);
        var writer = new MessagePackWriter(buffer);
        writer.Write(offset);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static BroadcastMessage Decode(ReadOnlyMemory<byte> payload)
    {
        var message = NotepackMessage.Decode(payload);
        var root = message.Root;
        if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() < 3)
        {
            throw new RedisWireFormatException("a broadcast is not a [uid, packet, opts] array");
        }

        var uid = root[0].ValueKind == JsonValueKind.String ? root[0].GetString()! : string.Empty;
        var offset = root[2].ValueKind == JsonValueKind.Object && root[2].TryGetProperty(OffsetKey, out var value)
                                                               && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
        return new BroadcastMessage(uid, WirePacket.Read(root[1], message.Attachments), WireOptions.Read(root[2]), offset);
    }
}
