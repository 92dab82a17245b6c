namespace Realtime.SocketIO.Redis.Wire;

/// <summary>A message on a backplane channel that is not in the Node adapter's wire format.</summary>
public sealed class RedisWireFormatException : Exception
{
    public RedisWireFormatException(string message)
        : base(message)
    {
    }

    public RedisWireFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
