namespace Realtime.SocketIO.Redis.Subscriber;

/// <summary>The subscriber connection received bytes that are not a RESP2 reply it can accept.</summary>
internal sealed class RespProtocolException(string message) : Exception(message);
