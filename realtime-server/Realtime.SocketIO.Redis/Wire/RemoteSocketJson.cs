using System.Text.Json;
using System.Text.Json.Nodes;
using Realtime.SocketIO.Adapters;

namespace Realtime.SocketIO.Redis.Wire;

/// <summary>
/// A socket in a REMOTE_FETCH response: <c>{id, handshake, rooms, data}</c>, the handshake shaped like Node's
/// <c>socket.handshake</c> (<c>headers, time, address, xdomain, secure, issued, url, query, auth</c>).
/// </summary>
internal static class RemoteSocketJson
{
    public static void Write(Utf8JsonWriter json, RemoteSocket socket)
    {
        json.WriteStartObject();
        json.WriteString("id", socket.Id);
        json.WriteStartObject("handshake");
        WriteDictionary(json, "headers", socket.Handshake.Headers);
        json.WriteString("time", socket.Handshake.Time);
        json.WriteString("address", socket.Handshake.Address);
        json.WriteBoolean("xdomain", socket.Handshake.XDomain);
        json.WriteBoolean("secure", socket.Handshake.Secure);
        json.WriteNumber("issued", socket.Handshake.Issued);
        json.WriteString("url", socket.Handshake.Url);
        WriteDictionary(json, "query", socket.Handshake.Query);
        json.WritePropertyName("auth");
        socket.Handshake.Auth.WriteTo(json);
        json.WriteEndObject();
        json.WriteStartArray("rooms");
        foreach (var room in socket.Rooms)
        {
            json.WriteStringValue(room);
        }

        json.WriteEndArray();
        json.WritePropertyName("data");
        socket.Data.WriteTo(json);
        json.WriteEndObject();
    }

    public static RemoteSocket Read(JsonElement socket)
    {
        if (socket.ValueKind != JsonValueKind.Object || !socket.TryGetProperty("id", out var id)
            || id.ValueKind != JsonValueKind.String)
        {
            throw new RedisWireFormatException("a fetched socket without an id");
        }

        var handshake = socket.TryGetProperty("handshake", out var h) && h.ValueKind == JsonValueKind.Object ? h : default;
        var data = socket.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object
            ? JsonObject.Create(d.Clone()) ?? []
            : [];
        return new RemoteSocket(
            id.GetString()!,
            new SocketHandshake
            {
                Headers = ReadDictionary(handshake, "headers"),
                Query = ReadDictionary(handshake, "query"),
                Time = ReadString(handshake, "time"),
                Address = ReadString(handshake, "address"),
                Url = ReadString(handshake, "url"),
                Secure = IsTrue(handshake, "secure"),
                XDomain = IsTrue(handshake, "xdomain"),
                Issued = handshake.ValueKind == JsonValueKind.Object && handshake.TryGetProperty("issued", out var issued)
                         && issued.TryGetInt64(out var ms)
                    ? ms
                    : 0,
                Auth = handshake.ValueKind == JsonValueKind.Object && handshake.TryGetProperty("auth", out var auth)
                                                                   && auth.ValueKind == JsonValueKind.Object
                    ? auth.Clone()
                    : new SocketHandshake().Auth,
            },
            WireOptions.ReadRooms(socket, "rooms"),
            data);
    }

    private static void WriteDictionary(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, string> values)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in values)
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
    }

    /// <summary>Node header values may be arrays (<c>set-cookie</c>); they are joined as HTTP would fold them.</summary>
    private static Dictionary<string, string> ReadDictionary(JsonElement parent, string name)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var values)
            || values.ValueKind != JsonValueKind.Object)
        {
            return result;
        }

        foreach (var property in values.EnumerateObject())
        {
            result[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString()!,
                JsonValueKind.Array => string.Join(", ", property.Value.EnumerateArray().Select(v => v.ToString())),
                _ => property.Value.GetRawText(),
            };
        }

        return result;
    }

    private static string ReadString(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : string.Empty;

    private static bool IsTrue(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
}
