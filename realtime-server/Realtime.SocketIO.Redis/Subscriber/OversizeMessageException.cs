namespace Realtime.SocketIO.Redis.Subscriber;

/// <summary>
/// A pushed message whose payload is over the size limit. Unlike other bad input it leaves the stream readable: the
/// message ends <see cref="BytesToSkip"/> bytes after the start of the reply, and the connection goes on after it.
/// </summary>
internal sealed class OversizeMessageException(long payloadBytes, long bytesToSkip)
    : Exception($"a message of {payloadBytes} bytes is over the size limit")
{
    public long BytesToSkip { get; } = bytesToSkip;
}
