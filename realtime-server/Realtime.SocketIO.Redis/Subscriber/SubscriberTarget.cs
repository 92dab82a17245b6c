using System.Net;

namespace Realtime.SocketIO.Redis.Subscriber;

/// <summary>
/// Where an <see cref="OrderedSubscriber"/> connects, asked before every attempt. <see cref="RequireMaster"/>: the
/// server must answer <c>ROLE</c> with master (behind Sentinel); <see cref="NoEndpointReason"/> says why the list is
/// empty (e.g. no Sentinel answered).
/// </summary>
internal sealed record SubscriberTarget(Func<IReadOnlyList<EndPoint>> Endpoints, bool RequireMaster, Func<string> NoEndpointReason)
{
    public static SubscriberTarget Fixed(IReadOnlyList<EndPoint> endpoints) =>
        new(() => endpoints, RequireMaster: false, () => "no endpoint is configured");
}
