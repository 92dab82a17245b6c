using Realtime.SocketIO.Redis.Recovery;

namespace Realtime.SocketIO.Redis.Backplane;

/// <summary>
/// One PUBLISH waiting to be sent; with <paramref name="Log"/> it is appended to the recovery log and published in one
/// script, <paramref name="Payload"/> then being the message up to its offset.
/// </summary>
internal readonly record struct OutgoingMessage(int Shard, string Channel, byte[] Payload, RecoveryLog? Log = null);
