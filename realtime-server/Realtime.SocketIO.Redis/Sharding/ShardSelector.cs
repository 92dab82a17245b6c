using System.IO.Hashing;
using System.Text;

namespace Realtime.SocketIO.Redis.Sharding;

/// <summary>
/// Chooses the Redis master that carries a channel. A room channel lives on shard
/// <c>XxHash32(UTF-8 channel name, seed 0) mod shardCount</c>; namespace, request and response channels live on
/// shard 0. Every pod computes the same answer from the same ordered list of URLs, so publisher and subscribers
/// meet on one master; with one URL everything is on shard 0 and the wire format is exactly the Node adapter's.
/// </summary>
public sealed class ShardSelector
{
    public ShardSelector(int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        ShardCount = shardCount;
    }

    public int ShardCount { get; }

    /// <summary>The shard of global traffic: namespace broadcasts, requests and responses.</summary>
    public static int GlobalShard => 0;

    public int ShardOfRoomChannel(string channel)
    {
        if (ShardCount == 1)
        {
            return GlobalShard;
        }

        var hash = XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(channel));
        return (int)(hash % (uint)ShardCount);
    }
}
