using System.Buffers;
using System.Text.Json;
using MessagePack;
using Realtime.SocketIO.Adapters;

namespace Realtime.SocketIO.Redis.Wire;

/// <summary>
/// Builds the request and response messages of the Node adapter: JSON text for all of them except the broadcast
/// with acks (a MessagePack map, since its packet may carry binaries) and each ack it collects.
/// </summary>
internal static class RequestMessages
{
    public static byte[] AllRooms(string uid, string requestId) => Json(json =>
    {
        json.WriteString("uid", uid);
        json.WriteString("requestId", requestId);
        json.WriteNumber("type", (int)RequestType.AllRooms);
    });

    public static byte[] AllRoomsResponse(string requestId, IEnumerable<string> rooms) => Json(json =>
    {
        json.WriteString("requestId", requestId);
        WriteStrings(json, "rooms", rooms);
    });

    public static byte[] Fetch(string uid, string requestId, BroadcastOptions options) => Json(json =>
    {
        json.WriteString("uid", uid);
        json.WriteString("requestId", requestId);
        json.WriteNumber("type", (int)RequestType.RemoteFetch);
        json.WritePropertyName("opts");
        WireOptions.Write(json, options);
    });

    public static byte[] FetchResponse(string requestId, IEnumerable<RemoteSocket> sockets) => Json(json =>
    {
        json.WriteString("requestId", requestId);
        json.WriteStartArray("sockets");
        foreach (var socket in sockets)
        {
            RemoteSocketJson.Write(json, socket);
        }

        json.WriteEndArray();
    });

    public static byte[] SocketIds(string requestId, IEnumerable<string> ids) => Json(json =>
    {
        json.WriteString("requestId", requestId);
        WriteStrings(json, "sockets", ids);
    });

    /// <summary>REMOTE_JOIN / REMOTE_LEAVE: <c>{uid, type, opts, rooms}</c>.</summary>
    public static byte[] RoomChange(string uid, RequestType type, BroadcastOptions options, IEnumerable<string> rooms) => Json(json =>
    {
        json.WriteString("uid", uid);
        json.WriteNumber("type", (int)type);
        json.WritePropertyName("opts");
        WireOptions.Write(json, options);
        WriteStrings(json, "rooms", rooms);
    });

    public static byte[] Disconnect(string uid, BroadcastOptions options, bool close) => Json(json =>
    {
        json.WriteString("uid", uid);
        json.WriteNumber("type", (int)RequestType.RemoteDisconnect);
        json.WritePropertyName("opts");
        WireOptions.Write(json, options);
        json.WriteBoolean("close", close);
    });

    /// <summary>The legacy single-socket form's reply (<c>{sid, room, requestId}</c> requests): just the id.</summary>
    public static byte[] Done(string requestId) => Json(json => json.WriteString("requestId", requestId));

    /// <summary>SERVER_SIDE_EMIT: <c>{uid, type:6, data:[event, ...args]}</c>.</summary>
    public static byte[] ServerSideEmit(string uid, JsonElement data) => Json(json =>
    {
        json.WriteString("uid", uid);
        json.WriteNumber("type", (int)RequestType.ServerSideEmit);
        json.WritePropertyName("data");
        data.WriteTo(json);
    });

    /// <summary>SERVER_SIDE_EMIT answer: <c>{type:6, requestId, data: firstAckArgument}</c> (no data when there is none).</summary>
    public static byte[] ServerSideEmitResponse(string requestId, JsonElement? argument) => Json(json =>
    {
        json.WriteNumber("type", (int)RequestType.ServerSideEmit);
        json.WriteString("requestId", requestId);
        if (argument is { } value)
        {
            json.WritePropertyName("data");
            value.WriteTo(json);
        }
    });

    public static byte[] BroadcastClientCount(string requestId, int clientCount) => Json(json =>
    {
        json.WriteNumber("type", (int)RequestType.BroadcastClientCount);
        json.WriteString("requestId", requestId);
        json.WriteNumber("clientCount", clientCount);
    });

    /// <summary>BROADCAST (with acks): MessagePack <c>{uid, requestId, type:7, packet, opts}</c>.</summary>
    public static byte[] BroadcastWithAck(string uid, string requestId, SocketIOPacket packet, BroadcastOptions options) =>
        MessagePack(5, (ref MessagePackWriter writer) =>
        {
            writer.Write("uid");
            writer.Write(uid);
            writer.Write("requestId");
            writer.Write(requestId);
            writer.Write("type");
            writer.Write((int)RequestType.Broadcast);
            writer.Write("packet");
            WirePacket.Write(ref writer, packet);
            writer.Write("opts");
            WireOptions.Write(ref writer, options);
        });

    /// <summary>BROADCAST_ACK: MessagePack <c>{type:9, requestId, packet: firstAckArgument}</c> (nil when there is none).</summary>
    public static byte[] BroadcastAck(string requestId, JsonElement? argument, IReadOnlyList<ReadOnlyMemory<byte>> attachments) =>
        MessagePack(3, (ref MessagePackWriter writer) =>
        {
            writer.Write("type");
            writer.Write((int)RequestType.BroadcastAck);
            writer.Write("requestId");
            writer.Write(requestId);
            writer.Write("packet");
            if (argument is { } value)
            {
                NotepackJson.Write(ref writer, value, attachments);
            }
            else
            {
                writer.WriteNil();
            }
        });

    private delegate void MapBody(ref MessagePackWriter writer);

    private static byte[] MessagePack(int entries, MapBody body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        var writer = new MessagePackWriter(buffer);
        writer.WriteMapHeader(entries);
        body(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Json(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
