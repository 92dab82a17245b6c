using Realtime.SocketIO.Adapters;
using Realtime.SocketIO.Redis.Backplane;

namespace Realtime.SocketIO.Redis;

/// <summary>Creates a <see cref="RedisAdapter"/> per namespace, all sharing one <see cref="RedisBackplane"/>.</summary>
public sealed class RedisAdapterFactory(RedisBackplane backplane) : IAdapterFactory
{
    public Adapter Create(Namespace nsp) => new RedisAdapter(nsp, backplane);
}
