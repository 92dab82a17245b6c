namespace Realtime.SocketIO.Redis.Backplane;

/// <summary>One PUBLISH waiting to be sent.</summary>
internal readonly record struct OutgoingMessage(int Shard, string Channel, byte[] Payload);
