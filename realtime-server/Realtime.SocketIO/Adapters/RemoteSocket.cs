using System.Text.Json.Nodes;

namespace Realtime.SocketIO.Adapters;

/// <summary>A snapshot of a socket that may live on this server or another one (what fetchSockets returns).</summary>
public sealed record RemoteSocket(string Id, SocketHandshake Handshake, IReadOnlySet<string> Rooms, JsonObject Data);
