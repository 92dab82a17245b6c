using System.Text.Json;
using MessagePack;
using Realtime.SocketIO.Adapters;

namespace Realtime.SocketIO.Redis.Wire;

/// <summary>The <c>{rooms, except, flags}</c> object of broadcasts and socket-management requests.</summary>
internal static class WireOptions
{
    /// <param name="extraKey">A fourth key whose value the caller writes next (the recovery log's offset), or null.</param>
    public static void Write(ref MessagePackWriter writer, BroadcastOptions options, string? extraKey = null)
    {
        writer.WriteMapHeader(extraKey is null ? 3 : 4);
        writer.Write("rooms");
        WriteStrings(ref writer, options.Rooms);
        writer.Write("except");
        WriteStrings(ref writer, options.Except);
        writer.Write("flags");
        WriteFlags(ref writer, options.Flags);
        if (extraKey is not null)
        {
            writer.Write(extraKey);
        }
    }

    public static void Write(Utf8JsonWriter json, BroadcastOptions options)
    {
        json.WriteStartObject();
        json.WriteStartArray("rooms");
        foreach (var room in options.Rooms)
        {
            json.WriteStringValue(room);
        }

        json.WriteEndArray();
        json.WriteStartArray("except");
        foreach (var room in options.Except)
        {
            json.WriteStringValue(room);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Reads the options; a missing object means every socket (what the emitter's requests rely on).</summary>
    public static BroadcastOptions Read(JsonElement options)
    {
        if (options.ValueKind != JsonValueKind.Object)
        {
            return BroadcastOptions.All;
        }

        return new BroadcastOptions
        {
            Rooms = ReadRooms(options, "rooms"),
            Except = ReadRooms(options, "except"),
            Flags = options.TryGetProperty("flags", out var flags) ? ReadFlags(flags) : BroadcastFlags.None,
        };
    }

    /// <summary>Room names are strings; Node also allows numbers, which become their decimal text.</summary>
    public static HashSet<string> ReadRooms(JsonElement parent, string property)
    {
        var rooms = new HashSet<string>(StringComparer.Ordinal);
        if (!parent.TryGetProperty(property, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return rooms;
        }

        foreach (var room in array.EnumerateArray())
        {
            switch (room.ValueKind)
            {
                case JsonValueKind.String:
                    rooms.Add(room.GetString()!);
                    break;
                case JsonValueKind.Number:
                    rooms.Add(room.GetRawText());
                    break;
                default:
                    throw new RedisWireFormatException($"a room name of kind {room.ValueKind}");
            }
        }

        return rooms;
    }

    private static BroadcastFlags ReadFlags(JsonElement flags)
    {
        if (flags.ValueKind != JsonValueKind.Object)
        {
            return BroadcastFlags.None;
        }

        TimeSpan? timeout = flags.TryGetProperty("timeout", out var ms) && ms.ValueKind == JsonValueKind.Number
            ? TimeSpan.FromMilliseconds(ms.GetDouble())
            : null;
        return new BroadcastFlags
        {
            Volatile = IsTrue(flags, "volatile"),
            Compress = IsTrue(flags, "compress"),
            Local = IsTrue(flags, "local"),
            Timeout = timeout,
        };
    }

    private static bool IsTrue(JsonElement flags, string name) =>
        flags.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static void WriteStrings(ref MessagePackWriter writer, IReadOnlySet<string> values)
    {
        writer.WriteArrayHeader(values.Count);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    /// <summary>Only the flags that are set, as Node's flags object carries only those.</summary>
    private static void WriteFlags(ref MessagePackWriter writer, BroadcastFlags flags)
    {
        var count = (flags.Volatile ? 1 : 0) + (flags.Compress ? 1 : 0) + (flags.Local ? 1 : 0) + (flags.Timeout is null ? 0 : 1);
        writer.WriteMapHeader(count);
        if (flags.Volatile)
        {
            writer.Write("volatile");
            writer.Write(true);
        }

        if (flags.Compress)
        {
            writer.Write("compress");
            writer.Write(true);
        }

        if (flags.Local)
        {
            writer.Write("local");
            writer.Write(true);
        }

        if (flags.Timeout is { } timeout)
        {
            writer.Write("timeout");
            writer.Write((long)timeout.TotalMilliseconds);
        }
    }
}
