namespace Realtime.SocketIO.Protocol;

/// <summary>Input that breaks the Socket.IO protocol; the connection it came from is closed.</summary>
public sealed class SocketIOProtocolException : Exception
{
    public SocketIOProtocolException(string message)
        : base(message)
    {
    }

    public SocketIOProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SocketIOProtocolException()
    {
    }
}
