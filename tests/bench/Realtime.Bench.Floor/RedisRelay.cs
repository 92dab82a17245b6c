using Realtime.SocketIO.Redis;
using StackExchange.Redis;

namespace Realtime.Bench.Floor;

/// <summary>
/// The relay floor's backplane between pods, with the least work StackExchange.Redis allows: a publish is PUBLISHed
/// once on its room's channel (fire and forget), prefixed with this pod's id; a pod subscribes to a room's channel when
/// the room's first local member joins (per room, as realtime-server does by default) and hands what the other pods
/// published to its members. No envelope, no MessagePack, no queue, no bounds: what ASP.NET Core's WebSocket and
/// StackExchange.Redis pub/sub cost a cluster before any Socket.IO adapter.
/// </summary>
internal sealed class RedisRelay(ConnectionMultiplexer redis)
{
    private const string ChannelPrefix = "floor#";

    private readonly byte[] _podId = Guid.NewGuid().ToByteArray();
    private readonly ISubscriber _subscriber = redis.GetSubscriber();

    /// <param name="url">A <c>redis://</c> URL, as the bench passes it to every server kind and realtime-server reads it.</param>
    public static async Task<RedisRelay> ConnectAsync(string url) =>
        new(await ConnectionMultiplexer.ConnectAsync(RedisUrl.ToOptions(url)));

    /// <summary>Subscribes to the room's channel; <paramref name="deliver"/> gets the packets other pods publish to it.</summary>
    public Task SubscribeAsync(string room, Action<ReadOnlyMemory<byte>> deliver) =>
        _subscriber.SubscribeAsync(RedisChannel.Literal(ChannelPrefix + room), (_, message) =>
        {
            var payload = (ReadOnlyMemory<byte>)message;
            if (!payload.Span.StartsWith(_podId))
            {
                deliver(payload[_podId.Length..]);
            }
        });

    public void Publish(string room, ReadOnlySpan<byte> packet)
    {
        var payload = new byte[_podId.Length + packet.Length];
        _podId.CopyTo(payload, 0);
        packet.CopyTo(payload.AsSpan(_podId.Length));
        _subscriber.Publish(RedisChannel.Literal(ChannelPrefix + room), payload, CommandFlags.FireAndForget);
    }
}
