using System.Buffers;
using System.Text.Json;
using Realtime.EngineIO;
using Realtime.SocketIO.Adapters;

namespace Realtime.SocketIO.Protocol;

/// <summary>
/// A packet encoded once into the Engine.IO messages that carry it (the text part, then one binary message per
/// attachment); the same instances go to every recipient.
/// </summary>
internal sealed class EncodedPacket
{
    private const int MaxKeptScratchBytes = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _threadHeader;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _threadBody;

    private EncodedPacket(PacketType type, EngineMessage[] messages)
    {
        Type = type;
        Messages = messages;
    }

    public PacketType Type { get; }

    public EngineMessage[] Messages { get; }

    /// <summary>The recovery offset the packet's data ends with, if any: a replaying socket drops what it already sent.</summary>
    public string? Offset { get; private set; }

    public long Bytes => Messages.Sum(message => (long)message.Length);

    public static EncodedPacket Encode(SocketIOPacket packet)
    {
        var buffer = Rent(ref _threadHeader);
        PacketEncoder.Write(buffer, packet);
        var encoded = Create(packet.Type, buffer.WrittenSpan, packet.Attachments);
        encoded.Offset = packet.Offset;
        Release(ref _threadHeader);
        return encoded;
    }

    /// <summary>Encodes an event (<paramref name="eventName"/> set) or an ack straight from its arguments.</summary>
    public static EncodedPacket Encode(PacketType type, string nsp, long? id, string? eventName,
        ReadOnlySpan<object?> args)
    {
        var attachments = new List<ReadOnlyMemory<byte>>();
        var body = Rent(ref _threadBody);
        using (var writer = new Utf8JsonWriter(body, PacketEncoder.WriterOptions))
        {
            ArgumentSerializer.WriteArray(writer, eventName, args, attachments);
        }

        var buffer = Rent(ref _threadHeader);
        PacketEncoder.WriteHeader(buffer, type, attachments.Count, nsp, id);
        buffer.Write(body.WrittenSpan);
        var encoded = Create(type, buffer.WrittenSpan, attachments);
        Release(ref _threadHeader);
        Release(ref _threadBody);
        return encoded;
    }

    /// <summary>The deconstructed packet (JSON data with placeholders) for an event, as the adapter takes it.</summary>
    public static SocketIOPacket ToPacket(PacketType type, string nsp, long? id, string? eventName,
        ReadOnlySpan<object?> args)
    {
        var attachments = new List<ReadOnlyMemory<byte>>();
        var body = Rent(ref _threadBody);
        using (var writer = new Utf8JsonWriter(body, PacketEncoder.WriterOptions))
        {
            ArgumentSerializer.WriteArray(writer, eventName, args, attachments);
        }

        var reader = new Utf8JsonReader(body.WrittenSpan);
        var data = JsonElement.ParseValue(ref reader);
        Release(ref _threadBody);
        return new SocketIOPacket { Type = type, Namespace = nsp, Id = id, Data = data, Attachments = attachments };
    }

    private static EncodedPacket Create(PacketType type, ReadOnlySpan<byte> text,
        IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        var messages = new EngineMessage[1 + attachments.Count];
        messages[0] = EngineMessage.TextUtf8(text);
        for (var i = 0; i < attachments.Count; i++)
        {
            messages[i + 1] = EngineMessage.Binary(attachments[i]);
        }

        return new EncodedPacket(WireType(type, attachments.Count), messages);
    }

    private static PacketType WireType(PacketType type, int attachmentCount) => (type, attachmentCount > 0) switch
    {
        (PacketType.Event, true) => PacketType.BinaryEvent,
        (PacketType.Ack, true) => PacketType.BinaryAck,
        _ => type,
    };

    /// <summary>A per-thread scratch buffer, emptied; the encoded bytes are copied out before it is reused.</summary>
    private static ArrayBufferWriter<byte> Rent(ref ArrayBufferWriter<byte>? slot)
    {
        slot ??= new ArrayBufferWriter<byte>(4096);
        slot.ResetWrittenCount();
        return slot;
    }

    /// <summary>
    /// Lets a scratch buffer that grew for a large packet go: kept, every thread of the pool that once encoded a
    /// 900 KB message would pin two megabytes for good, outside any byte budget.
    /// </summary>
    private static void Release(ref ArrayBufferWriter<byte>? slot)
    {
        if (slot is { Capacity: > MaxKeptScratchBytes })
        {
            slot = null;
        }
    }
}
