namespace Realtime.SocketIO.Redis.Wire;

/// <summary>
/// The channel names of <c>@socket.io/redis-adapter</c> 8.x for one namespace: broadcasts on
/// <c>&lt;prefix&gt;#&lt;nsp&gt;#</c> or, for exactly one room, <c>&lt;prefix&gt;#&lt;nsp&gt;#&lt;room&gt;#</c>;
/// requests on <c>&lt;prefix&gt;-request#&lt;nsp&gt;#</c>; responses on <c>&lt;prefix&gt;-response#&lt;nsp&gt;#</c> and the
/// requester's own <c>&lt;prefix&gt;-response#&lt;nsp&gt;#&lt;uid&gt;#</c>.
/// </summary>
internal sealed class ChannelNames
{
    public ChannelNames(string prefix, string namespaceName, string uid)
    {
        Broadcast = prefix + "#" + namespaceName + "#";
        BroadcastPattern = Broadcast + "*";
        Request = prefix + "-request#" + namespaceName + "#";
        Response = prefix + "-response#" + namespaceName + "#";
        OwnResponse = ResponseFor(uid);
    }

    /// <summary>The namespace channel: broadcasts to everyone or to several rooms.</summary>
    public string Broadcast { get; }

    /// <summary>What the Node adapter PSUBSCRIBEs to; used only in the classic pattern mode.</summary>
    public string BroadcastPattern { get; }

    public string Request { get; }

    public string Response { get; }

    public string OwnResponse { get; }

    public string Room(string room) => Broadcast + room + "#";

    public string ResponseFor(string uid) => Response + uid + "#";

    /// <summary>
    /// The room a broadcast channel names: empty for the namespace channel, null when the channel is not one of
    /// this namespace's broadcast channels.
    /// </summary>
    public string? RoomOf(string channel)
    {
        if (!channel.StartsWith(Broadcast, StringComparison.Ordinal))
        {
            return null;
        }

        if (channel.Length == Broadcast.Length)
        {
            return string.Empty;
        }

        return channel.EndsWith('#') ? channel[Broadcast.Length..^1] : null;
    }
}
