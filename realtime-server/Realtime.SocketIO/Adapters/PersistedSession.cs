using System.Text.Json.Nodes;

namespace Realtime.SocketIO.Adapters;

/// <summary>What a recoverable disconnect keeps of a socket (socket.io-adapter's <c>SessionToPersist</c>).</summary>
public sealed record PersistedSession
{
    /// <summary>The socket id the client gets back.</summary>
    public required string Sid { get; init; }

    /// <summary>The private session id the client presents to recover; never logged.</summary>
    public required string Pid { get; init; }

    /// <summary>The rooms the socket was in, its own-id room included.</summary>
    public required IReadOnlyCollection<string> Rooms { get; init; }

    public required JsonObject Data { get; init; }
}
