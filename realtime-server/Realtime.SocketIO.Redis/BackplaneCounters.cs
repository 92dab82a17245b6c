namespace Realtime.SocketIO.Redis;

/// <summary>Running totals of one pod's backplane traffic since start.</summary>
/// <param name="Published">Messages this pod published.</param>
/// <param name="Received">Messages Redis delivered to this pod (broadcasts, requests and responses).</param>
/// <param name="PublishFailures">PUBLISH commands that failed.</param>
/// <param name="Dropped">Messages not published because Redis was unreachable or the queue was full.</param>
/// <param name="Undecodable">Received messages that were not in the wire format and were ignored.</param>
public sealed record BackplaneCounters(long Published, long Received, long PublishFailures, long Dropped, long Undecodable);
