namespace Realtime.SocketIO.Redis.Subscriber;

/// <summary>A message Redis pushed to a subscription: the channel it was published to, and its payload.</summary>
/// <param name="Subscription">The channel, or for a pattern subscription the pattern, that matched.</param>
internal readonly record struct SubscriberMessage(string Subscription, bool IsPattern, string Channel, byte[] Payload);
