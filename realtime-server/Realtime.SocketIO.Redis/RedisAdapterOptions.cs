namespace Realtime.SocketIO.Redis;

/// <summary>How the Redis adapter subscribes to broadcast channels.</summary>
public enum SubscriptionMode
{
    /// <summary>
    /// SUBSCRIBE to the namespace channel, plus each room's channel only while this pod has members in the room:
    /// a pod receives a single-room broadcast only when it can deliver it.
    /// </summary>
    PerRoom,

    /// <summary>
    /// PSUBSCRIBE <c>&lt;prefix&gt;#&lt;nsp&gt;#*</c> as the Node adapter does: every pod receives every broadcast. Kept
    /// for the benchmark comparison; it works only with a single Redis URL.
    /// </summary>
    Pattern,
}

/// <summary>Settings of the Redis backplane.</summary>
public sealed class RedisAdapterOptions
{
    /// <summary>
    /// One StackExchange.Redis configuration string (or <c>redis://</c> URL, or <c>redis+sentinel://</c> URL naming the
    /// sentinels and the master name) per Redis master. Room channels are
    /// spread over them by a stable hash; global traffic uses the first.
    /// </summary>
    public IList<string> Configurations { get; } = [];

    /// <summary>The channel prefix, <c>key</c> in the Node adapter.</summary>
    public string KeyPrefix { get; set; } = "socket.io";

    /// <summary>How long fetchSockets, allRooms and serverSideEmit wait for the other servers.</summary>
    public TimeSpan RequestsTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>This server's id on the wire; a fresh random one per process unless set.</summary>
    public string ServerUid { get; set; } = ServerUidGenerator.Next();

    public SubscriptionMode SubscriptionMode { get; set; } = SubscriptionMode.PerRoom;

    /// <summary>Messages waiting to be published before new ones are dropped (and counted).</summary>
    public int PublishQueueCapacity { get; set; } = 100_000;

    /// <summary>
    /// Per shard behind Sentinel: bytes of messages held while the shard has no master (a failover), published once the
    /// new master is connected. Past it new messages are dropped and counted (reason <c>failover_buffer_full</c>).
    /// </summary>
    public long FailoverBufferBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>The longest pause between two reconnect attempts.</summary>
    public TimeSpan MaxReconnectBackoff { get; set; } = TimeSpan.FromSeconds(5);
}
