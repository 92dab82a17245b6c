namespace Realtime.SocketIO.Redis.Subscriber;

/// <summary>The subscriber connection could not be set up: no usable endpoint, or Redis refused a handshake command.</summary>
internal sealed class RedisSubscriberException(string message) : Exception(message);
