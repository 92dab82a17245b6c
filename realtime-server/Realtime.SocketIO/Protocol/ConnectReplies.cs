using System.Text.Json;
using System.Text.Json.Serialization;
using Realtime.SocketIO.Adapters;

namespace Realtime.SocketIO.Protocol;

/// <summary>Builds the CONNECT and CONNECT_ERROR replies.</summary>
internal static class ConnectReplies
{
    public static SocketIOPacket InvalidNamespace(string nsp) => Rejected(nsp, "Invalid namespace", null);

    /// <summary>CONNECT_ERROR <c>{"message":...,"data":...}</c>; <c>data</c> only when there is some.</summary>
    public static SocketIOPacket Rejected(string nsp, string message, object? details) =>
        new()
        {
            Type = PacketType.ConnectError,
            Namespace = nsp,
            Data = JsonSerializer.SerializeToElement(new ErrorBody(message, details), ArgumentSerializer.Options),
        };

    /// <summary>
    /// CONNECT <c>{"sid":...}</c>, with recovery on <c>{"sid":...,"pid":...}</c>: the client knows it was recovered
    /// when the pid is the one it presented.
    /// </summary>
    public static SocketIOPacket Accepted(string nsp, string socketId, string? pid) =>
        new()
        {
            Type = PacketType.Connect,
            Namespace = nsp,
            Data = pid is null
                ? JsonSerializer.SerializeToElement(new { sid = socketId }, ArgumentSerializer.Options)
                : JsonSerializer.SerializeToElement(new { sid = socketId, pid }, ArgumentSerializer.Options),
        };

    private sealed record ErrorBody(
        string Message,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] object? Data);
}
