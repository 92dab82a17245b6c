namespace Realtime.SocketIO;

/// <summary>
/// Thrown by namespace middleware to refuse a connection: the client gets CONNECT_ERROR
/// <c>{"message": Message, "data": Details}</c>.
/// </summary>
public sealed class ConnectionRejectedException : Exception
{
    public ConnectionRejectedException(string message, object? details = null)
        : base(message)
    {
        Details = details;
    }

    public ConnectionRejectedException()
        : this("Connection rejected")
    {
    }

    public ConnectionRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Sent to the client as the error's <c>data</c>; serialized as JSON.</summary>
    public object? Details { get; }
}
