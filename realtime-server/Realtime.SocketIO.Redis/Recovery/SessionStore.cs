using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Realtime.SocketIO.Adapters;
using StackExchange.Redis;

namespace Realtime.SocketIO.Redis.Recovery;

/// <summary>
/// Disconnected sessions, one key each with the recovery's TTL, so any pod can restore one and none after it expired.
/// The key names the pid's SHA-256, not the pid: key names show up in SCAN, MONITOR and slow logs.
/// </summary>
internal sealed class SessionStore(string prefix, string namespaceName, TimeSpan ttl)
{
    public TimeSpan Ttl => ttl;

    public RedisKey Key(string pid)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(pid));
        return $"{prefix}#{namespaceName}#session#{Convert.ToHexStringLower(hash)}";
    }

    public static byte[] Serialize(PersistedSession session)
    {
        var json = new JsonObject
        {
            ["sid"] = session.Sid,
            ["rooms"] = new JsonArray([.. session.Rooms.Select(room => (JsonNode?)room)]),
            ["data"] = session.Data.DeepClone(),
        };
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    /// <summary>The stored session; a value that is not one (another writer, a corrupt key) is no session.</summary>
    public static PersistedSession? Deserialize(string pid, byte[] value)
    {
        try
        {
            var json = JsonNode.Parse(value)?.AsObject();
            if (json?["sid"] is not JsonValue sid || json["rooms"] is not JsonArray rooms || json["data"] is not JsonObject data)
            {
                return null;
            }

            return new PersistedSession
            {
                Sid = sid.GetValue<string>(),
                Pid = pid,
                Rooms = [.. rooms.OfType<JsonValue>().Select(room => room.GetValue<string>())],
                Data = (JsonObject)data.DeepClone(),
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
