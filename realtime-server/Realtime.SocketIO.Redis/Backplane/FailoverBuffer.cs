namespace Realtime.SocketIO.Redis.Backplane;

/// <summary>
/// The messages one Sentinel shard holds while it has no master, oldest first, bounded in bytes (payload and channel
/// name): past the bound new messages are refused, so the oldest, already waiting longest, go out first.
/// </summary>
internal sealed class FailoverBuffer(long maxBytes)
{
    private readonly Queue<OutgoingMessage> _messages = new();
    private long _bytes;

    public int Count => _messages.Count;

    public long Bytes => _bytes;

    public bool TryAdd(OutgoingMessage message)
    {
        var size = SizeOf(message);
        if (_bytes + size > maxBytes)
        {
            return false;
        }

        _messages.Enqueue(message);
        _bytes += size;
        return true;
    }

    public bool TryTake(out OutgoingMessage message)
    {
        if (!_messages.TryDequeue(out message))
        {
            return false;
        }

        _bytes -= SizeOf(message);
        return true;
    }

    private static long SizeOf(OutgoingMessage message) => message.Payload.Length + (message.Channel.Length * 2L);
}
