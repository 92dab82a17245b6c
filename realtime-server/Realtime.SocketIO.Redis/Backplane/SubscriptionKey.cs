namespace Realtime.SocketIO.Redis.Backplane;

/// <summary>A channel (or, in pattern mode, a pattern) on one shard.</summary>
internal readonly record struct SubscriptionKey(int Shard, string Channel, bool IsPattern);
