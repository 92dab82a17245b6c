namespace Realtime.EngineIO.Transports.Lean;

/// <summary>
/// An upgrade the lean path took: the session it serves, the open packet of a new session (null for a probe of a
/// polling session) and the session cookie to set in the 101 answer.
/// </summary>
internal sealed record LeanUpgrade(EngineConnection Connection, EngineMessage? OpenPacket, string? SetCookie);
