using System.Text.Json;

namespace Realtime.SocketIO.Adapters;

/// <summary>
/// One Socket.IO packet in deconstructed form: binary values inside <see cref="Data"/> are replaced by
/// <c>{"_placeholder":true,"num":n}</c> and carried, in order, in <see cref="Attachments"/>.
/// </summary>
public sealed record SocketIOPacket
{
    public required PacketType Type { get; init; }

    /// <summary>The namespace name, with its leading slash (<c>/</c> for the main namespace).</summary>
    public string Namespace { get; init; } = "/";

    /// <summary>The ack id, when the sender expects an acknowledgement (or this packet is one).</summary>
    public long? Id { get; init; }

    /// <summary>The JSON payload; <c>null</c> when the packet has none (DISCONNECT, a CONNECT without auth).</summary>
    public JsonElement? Data { get; init; }

    public IReadOnlyList<ReadOnlyMemory<byte>> Attachments { get; init; } = [];

    /// <summary>
    /// The connection state recovery offset <see cref="Data"/> ends with, when it carries one (see
    /// <see cref="Adapter.WithOffset"/>).
    /// </summary>
    public string? Offset { get; init; }
}
