namespace Realtime.SocketIO.Adapters;

/// <summary>The default <see cref="IAdapterFactory"/>: one <see cref="InMemoryAdapter"/> per namespace.</summary>
public sealed class InMemoryAdapterFactory : IAdapterFactory
{
    public Adapter Create(Namespace nsp) => new InMemoryAdapter(nsp);
}
