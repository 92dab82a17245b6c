namespace Realtime.SocketIO.Redis.Wire;

/// <summary>The request types of <c>@socket.io/redis-adapter</c> 8.x (<c>RequestType</c> in its <c>lib/index.ts</c>).</summary>
internal enum RequestType
{
    Sockets = 0,
    AllRooms = 1,
    RemoteJoin = 2,
    RemoteLeave = 3,
    RemoteDisconnect = 4,
    RemoteFetch = 5,
    ServerSideEmit = 6,
    Broadcast = 7,
    BroadcastClientCount = 8,
    BroadcastAck = 9,
}
