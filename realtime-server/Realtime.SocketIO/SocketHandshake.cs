using System.Text.Json;

namespace Realtime.SocketIO;

/// <summary>What a socket was connected with, shaped like Node's <c>socket.handshake</c>.</summary>
public sealed record SocketHandshake
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Query { get; init; } = new Dictionary<string, string>();

    /// <summary>The remote address of the underlying connection.</summary>
    public string Address { get; init; } = "";

    /// <summary>When the socket connected, as text (RFC 1123).</summary>
    public string Time { get; init; } = "";

    /// <summary>When the socket connected, in milliseconds since the Unix epoch.</summary>
    public long Issued { get; init; }

    public string Url { get; init; } = "";

    public bool Secure { get; init; }

    /// <summary>True when the request came from another origin.</summary>
    public bool XDomain { get; init; }

    /// <summary>The auth object the client sent with CONNECT (an empty object when it sent none).</summary>
    public JsonElement Auth { get; init; } = EmptyObject;

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();
}
