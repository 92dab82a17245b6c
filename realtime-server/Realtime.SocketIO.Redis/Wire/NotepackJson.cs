using System.Buffers;
using System.Globalization;
using System.Text.Json;
using MessagePack;

namespace Realtime.SocketIO.Redis.Wire;

/// <summary>
/// Converts between Socket.IO packet data in deconstructed JSON form (binaries replaced by
/// <c>{"_placeholder":true,"num":n}</c> with the bytes kept aside as attachments) and the MessagePack that
/// <c>notepack.io</c> 3.x produces for the same JavaScript value, where binaries travel inline as <c>bin</c>.
/// </summary>
/// <remarks>
/// notepack picks the smallest integer format, writes every non-integer as float64, objects as maps and
/// Buffers as bin 8/16/32; MessagePack-CSharp's writer makes the same choices, so equal values give equal bytes.
/// </remarks>
internal static class NotepackJson
{
    /// <summary>Deeper nesting than this is refused rather than risking the stack on hostile input.</summary>
    public const int MaxDepth = 64;

    public static void Write(ref MessagePackWriter writer, JsonElement value, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                if (attachments.Count > 0 && TryGetPlaceholder(value, out var num))
                {
                    if (num < 0 || num >= attachments.Count)
                    {
                        throw new RedisWireFormatException($"placeholder {num} has no attachment");
                    }

                    writer.Write(attachments[num].Span);
                    return;
                }

                var count = 0;
                foreach (var _ in value.EnumerateObject())
                {
                    count++;
                }

                writer.WriteMapHeader(count);
                foreach (var property in value.EnumerateObject())
                {
                    writer.Write(property.Name);
                    Write(ref writer, property.Value, attachments);
                }

                return;
            case JsonValueKind.Array:
                writer.WriteArrayHeader(value.GetArrayLength());
                foreach (var item in value.EnumerateArray())
                {
                    Write(ref writer, item, attachments);
                }

                return;
            case JsonValueKind.String:
                writer.Write(value.GetString());
                return;
            case JsonValueKind.Number:
                WriteNumber(ref writer, value);
                return;
            case JsonValueKind.True:
                writer.Write(true);
                return;
            case JsonValueKind.False:
                writer.Write(false);
                return;
            default:
                writer.WriteNil();
                return;
        }
    }

    /// <summary>
    /// Reads one MessagePack value and writes it as JSON; each <c>bin</c> becomes a placeholder whose bytes are
    /// appended to <paramref name="attachments"/>.
    /// </summary>
    public static void Read(ref MessagePackReader reader, Utf8JsonWriter json, List<ReadOnlyMemory<byte>> attachments) =>
        Read(ref reader, json, attachments, 0);

    /// <summary>Reads one MessagePack value as deconstructed JSON bytes plus its attachments.</summary>
    public static (byte[] Json, List<ReadOnlyMemory<byte>> Attachments) ReadToJson(ref MessagePackReader reader)
    {
        var attachments = new List<ReadOnlyMemory<byte>>();
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            Read(ref reader, json, attachments);
        }

        return (buffer.WrittenSpan.ToArray(), attachments);
    }

    private static void Read(ref MessagePackReader reader, Utf8JsonWriter json, List<ReadOnlyMemory<byte>> attachments, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new RedisWireFormatException($"nesting deeper than {MaxDepth}");
        }

        try
        {
            ReadValue(ref reader, json, attachments, depth);
        }
        catch (MessagePackSerializationException e)
        {
            throw new RedisWireFormatException("not MessagePack: " + e.Message, e);
        }
        catch (EndOfStreamException e)
        {
            throw new RedisWireFormatException("truncated MessagePack", e);
        }
    }

    private static void ReadValue(ref MessagePackReader reader, Utf8JsonWriter json, List<ReadOnlyMemory<byte>> attachments, int depth)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                json.WriteNullValue();
                return;
            case MessagePackType.Boolean:
                json.WriteBooleanValue(reader.ReadBoolean());
                return;
            case MessagePackType.Integer:
                if (reader.NextCode == MessagePackCode.UInt64)
                {
                    json.WriteNumberValue(reader.ReadUInt64());
                }
                else
                {
                    json.WriteNumberValue(reader.ReadInt64());
                }

                return;
            case MessagePackType.Float:
                var number = reader.ReadDouble();
                if (double.IsFinite(number))
                {
                    json.WriteNumberValue(number);
                }
                else
                {
                    // JSON.stringify writes NaN and the infinities as null; a Node server would send the same.
                    json.WriteNullValue();
                }

                return;
            case MessagePackType.String:
                json.WriteStringValue(reader.ReadString());
                return;
            case MessagePackType.Binary:
                var bytes = reader.ReadBytes() ?? default;
                json.WriteStartObject();
                json.WriteBoolean("_placeholder", true);
                json.WriteNumber("num", attachments.Count);
                json.WriteEndObject();
                attachments.Add(bytes.ToArray());
                return;
            case MessagePackType.Array:
                var length = reader.ReadArrayHeader();
                json.WriteStartArray();
                for (var i = 0; i < length; i++)
                {
                    Read(ref reader, json, attachments, depth + 1);
                }

                json.WriteEndArray();
                return;
            case MessagePackType.Map:
                var entries = reader.ReadMapHeader();
                json.WriteStartObject();
                for (var i = 0; i < entries; i++)
                {
                    json.WritePropertyName(ReadKey(ref reader));
                    Read(ref reader, json, attachments, depth + 1);
                }

                json.WriteEndObject();
                return;
            case MessagePackType.Extension:
                ReadExtension(ref reader, json);
                return;
            default:
                throw new RedisWireFormatException($"unknown MessagePack code 0x{reader.NextCode:x2}");
        }
    }

    /// <summary>JavaScript object keys are strings; notepack decodes a number key as its decimal text.</summary>
    public static string ReadKey(ref MessagePackReader reader) => reader.NextMessagePackType switch
    {
        MessagePackType.String => reader.ReadString() ?? string.Empty,
        MessagePackType.Integer => reader.ReadInt64().ToString(CultureInfo.InvariantCulture),
        _ => throw new RedisWireFormatException($"map key of type {reader.NextMessagePackType}"),
    };

    /// <summary>notepack 3 encodes a Date as the timestamp extension (-1); as JSON it is the ISO string.</summary>
    private static void ReadExtension(ref MessagePackReader reader, Utf8JsonWriter json)
    {
        var header = reader.ReadExtensionFormatHeader();
        if (header.TypeCode != ReservedMessagePackExtensionTypeCode.DateTime)
        {
            throw new RedisWireFormatException($"MessagePack extension type {header.TypeCode} is not supported");
        }

        var date = reader.ReadDateTime(header);
        json.WriteStringValue(date.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }

    private static void WriteNumber(ref MessagePackWriter writer, JsonElement value)
    {
        if (value.TryGetInt64(out var integer))
        {
            writer.Write(integer);
            return;
        }

        if (value.TryGetUInt64(out var unsigned))
        {
            writer.Write(unsigned);
            return;
        }

        var number = value.GetDouble();
        // JavaScript has one number type: 1.0 or 1e3 is an integer to notepack and gets an integer format.
        if (Math.Floor(number) == number && number >= long.MinValue && number < long.MaxValue)
        {
            writer.Write((long)number);
        }
        else
        {
            writer.Write(number);
        }
    }

    private static bool TryGetPlaceholder(JsonElement value, out int num)
    {
        num = -1;
        if (!value.TryGetProperty("_placeholder", out var flag) || flag.ValueKind != JsonValueKind.True
            || !value.TryGetProperty("num", out var index) || !index.TryGetInt32(out num))
        {
            return false;
        }

        return true;
    }
}
