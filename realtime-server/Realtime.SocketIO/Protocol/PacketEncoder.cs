using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Realtime.SocketIO.Adapters;

namespace Realtime.SocketIO.Protocol;

/// <summary>
/// Writes the text part of a Socket.IO packet as UTF-8:
/// <c>&lt;type&gt;[&lt;attachments&gt;-][&lt;namespace&gt;,][&lt;ack id&gt;][JSON]</c>. Attachments travel as separate binary
/// messages.
/// </summary>
internal static class PacketEncoder
{
    /// <summary>JSON as Node's <c>JSON.stringify</c> writes it: no HTML-safe or non-ASCII escaping.</summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    public static void WriteHeader(IBufferWriter<byte> output, PacketType type, int attachmentCount, string nsp,
        long? id)
    {
        var wireType = WireType(type, attachmentCount);
        Span<byte> scratch = stackalloc byte[24];
        output.Write([(byte)('0' + (int)wireType)]);
        if (wireType is PacketType.BinaryEvent or PacketType.BinaryAck)
        {
            attachmentCount.TryFormat(scratch, out var written, provider: CultureInfo.InvariantCulture);
            scratch[written++] = (byte)'-';
            output.Write(scratch[..written]);
        }

        if (nsp != "/")
        {
            var length = Encoding.UTF8.GetBytes(nsp, output.GetSpan(Encoding.UTF8.GetMaxByteCount(nsp.Length)));
            output.Advance(length);
            output.Write(","u8);
        }

        if (id is { } ackId)
        {
            ackId.TryFormat(scratch, out var written, provider: CultureInfo.InvariantCulture);
            output.Write(scratch[..written]);
        }
    }

    public static void Write(IBufferWriter<byte> output, SocketIOPacket packet)
    {
        WriteHeader(output, packet.Type, packet.Attachments.Count, packet.Namespace, packet.Id);
        if (packet.Data is { } data)
        {
            using var writer = new Utf8JsonWriter(output, WriterOptions);
            data.WriteTo(writer);
        }
    }

    /// <summary>The text of a packet, for tests and diagnostics.</summary>
    public static string EncodeText(SocketIOPacket packet)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(buffer, packet);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>An EVENT or ACK that carries attachments goes out as BINARY_EVENT or BINARY_ACK, and back.</summary>
    private static PacketType WireType(PacketType type, int attachmentCount) => type switch
    {
        PacketType.Event or PacketType.BinaryEvent =>
            attachmentCount > 0 ? PacketType.BinaryEvent : PacketType.Event,
        PacketType.Ack or PacketType.BinaryAck =>
            attachmentCount > 0 ? PacketType.BinaryAck : PacketType.Ack,
        _ => type,
    };
}
