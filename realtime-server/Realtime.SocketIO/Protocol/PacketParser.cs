using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
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

    /// <summary>Parses the UTF-8 text as received, without a UTF-16 copy: a 900 KB message costs one copy (the JSON's), not four.</summary>
    public static SocketIOPacket Parse(ReadOnlySpan<byte> text, int maxAttachments, out int attachmentCount)
    {
        attachmentCount = 0;
        if (text.IsEmpty)
        {
            throw new SocketIOProtocolException("empty packet");
        }

        if (!Utf8.IsValid(text))
        {
            throw new SocketIOProtocolException("the packet is not valid UTF-8");
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
            var comma = text[i..].IndexOf((byte)',');
            var end = comma < 0 ? text.Length : i + comma;
            nsp = Encoding.UTF8.GetString(text[i..end]);
            i = comma < 0 ? end : end + 1;
        }

        long? id = null;
        var idStart = i;
        while (i < text.Length && char.IsAsciiDigit((char)text[i]))
        {
            i++;
        }

        if (i > idStart)
        {
            if (i - idStart > MaxAckIdDigits)
            {
                throw new SocketIOProtocolException("ack id too large");
            }

            id = long.Parse(text[idStart..i], NumberStyles.None, CultureInfo.InvariantCulture);
        }

        JsonElement? data = i < text.Length ? ParseJson(text[i..]) : null;
        var packet = new SocketIOPacket { Type = type, Namespace = nsp, Id = id, Data = data };
        PayloadRules.Check(packet);
        return packet;
    }

    private static int ParseAttachmentCount(ReadOnlySpan<byte> text, ref int i, int maxAttachments)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit((char)text[i]))
        {
            i++;
        }

        if (i == start || i >= text.Length || text[i] != '-' || i - start > 9)
        {
            throw new SocketIOProtocolException("illegal attachments");
        }

        var count = int.Parse(text[start..i], NumberStyles.None, CultureInfo.InvariantCulture);
        if (count > maxAttachments)
        {
            throw new SocketIOProtocolException("too many attachments");
        }

        i++;
        return count;
    }

    private static JsonElement ParseJson(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxJsonDepth });
            var element = JsonElement.ParseValue(ref reader);
            if (reader.Read())
            {
                throw new SocketIOProtocolException("unexpected data after the JSON payload");
            }

            if (!EscapedSurrogates.AreWellFormed(json))
            {
                throw new SocketIOProtocolException("a string of the payload holds a lone UTF-16 surrogate");
            }

            return element;
        }
        catch (JsonException e)
        {
            throw new SocketIOProtocolException("invalid JSON payload", e);
        }
    }
}
