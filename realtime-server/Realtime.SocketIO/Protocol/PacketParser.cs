using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Realtime.SocketIO.Adapters;

namespace Realtime.SocketIO.Protocol;

/// <summary>
/// Parses the text part of one Socket.IO packet:
/// <c>&lt;type&gt;[&lt;attachments&gt;-][&lt;namespace&gt;,][&lt;ack id&gt;][JSON]</c>, and checks its payload.
/// </summary>
internal static class PacketParser
{
    /// <summary>Ack ids stay below 2^53 so that JavaScript peers read them exactly.</summary>
    private const int MaxAckIdDigits = 15;

    public const int MaxJsonDepth = 32;

    public static SocketIOPacket Parse(string text, int maxAttachments, out int attachmentCount)
    {
        attachmentCount = 0;
        if (text.Length == 0)
        {
            throw new SocketIOProtocolException("empty packet");
        }

        var typeDigit = text[0] - '0';
        if (typeDigit is < 0 or > 6)
        {
            throw new SocketIOProtocolException("unknown packet type");
        }

        var type = (PacketType)typeDigit;
        var i = 1;
        if (type is PacketType.BinaryEvent or PacketType.BinaryAck)
        {
            attachmentCount = ParseAttachmentCount(text, ref i, maxAttachments);
        }

        var nsp = "/";
        if (i < text.Length && text[i] == '/')
        {
            var comma = text.IndexOf(',', i);
            var end = comma < 0 ? text.Length : comma;
            nsp = text[i..end];
            i = comma < 0 ? end : end + 1;
        }

        long? id = null;
        var idStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i > idStart)
        {
            if (i - idStart > MaxAckIdDigits)
            {
                throw new SocketIOProtocolException("ack id too large");
            }

            id = long.Parse(text.AsSpan(idStart, i - idStart), NumberStyles.None, CultureInfo.InvariantCulture);
        }

        JsonElement? data = i < text.Length ? ParseJson(text.AsSpan(i)) : null;
        var packet = new SocketIOPacket { Type = type, Namespace = nsp, Id = id, Data = data };
        PayloadRules.Check(packet);
        return packet;
    }

    private static int ParseAttachmentCount(string text, ref int i, int maxAttachments)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i == start || i >= text.Length || text[i] != '-' || i - start > 9)
        {
            throw new SocketIOProtocolException("illegal attachments");
        }

        var count = int.Parse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture);
        if (count > maxAttachments)
        {
            throw new SocketIOProtocolException("too many attachments");
        }

        i++;
        return count;
    }

    private static JsonElement ParseJson(ReadOnlySpan<char> json)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(json, buffer);
            var reader = new Utf8JsonReader(buffer.AsSpan(0, length), new JsonReaderOptions { MaxDepth = MaxJsonDepth });
            var element = JsonElement.ParseValue(ref reader);
            if (reader.Read())
            {
                throw new SocketIOProtocolException("unexpected data after the JSON payload");
            }

            if (!EscapedSurrogates.AreWellFormed(buffer.AsSpan(0, length)))
            {
                throw new SocketIOProtocolException("a string of the payload holds a lone UTF-16 surrogate");
            }

            return element;
        }
        catch (JsonException e)
        {
            throw new SocketIOProtocolException("invalid JSON payload", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
