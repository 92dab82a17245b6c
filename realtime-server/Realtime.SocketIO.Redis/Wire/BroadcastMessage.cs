using System.Buffers;
using System.Text.Json;
using MessagePack;
using Realtime.SocketIO.Adapters;

namespace Realtime.SocketIO.Redis.Wire;

/// <summary>The broadcast message of the Node adapter and emitter: MessagePack <c>[uid, packet, opts]</c>.</summary>
internal sealed record BroadcastMessage(string Uid, SocketIOPacket Packet, BroadcastOptions Options)
{
    public static byte[] Encode(string uid, SocketIOPacket packet, BroadcastOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(3);
        writer.Write(uid);
        WirePacket.Write(ref writer, packet);
        WireOptions.Write(ref writer, options);
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
        return new BroadcastMessage(uid, WirePacket.Read(root[1], message.Attachments), WireOptions.Read(root[2]));
    }
}
