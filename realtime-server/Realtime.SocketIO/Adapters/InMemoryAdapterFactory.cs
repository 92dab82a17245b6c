namespace Realtime.SocketIO.Adapters;

/// <summary>
/// The default <see cref="IAdapterFactory"/>: one <see cref="InMemoryAdapter"/> per namespace, or with connection
/// state recovery on a <see cref="SessionAwareAdapter"/>, as socket.io picks its adapter.
/// </summary>
public sealed class InMemoryAdapterFactory : IAdapterFactory
{
    public Adapter Create(Namespace nsp)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        return nsp.Server.Options.ConnectionStateRecovery is { } recovery
            ? new SessionAwareAdapter(nsp, recovery)
            : new InMemoryAdapter(nsp);
    }
}
