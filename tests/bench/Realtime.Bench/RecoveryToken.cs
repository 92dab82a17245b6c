namespace Realtime.Bench;

/// <summary>
/// What socket.io-client keeps to resume a session after a disconnection: the private session id (<c>pid</c>) from
/// the server's CONNECT reply and the last data element of the last event received (<c>offset</c>); it sends both in
/// its next CONNECT.
/// </summary>
public sealed record RecoveryToken(string Pid, string? Offset);
