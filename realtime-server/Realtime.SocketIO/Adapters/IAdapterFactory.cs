namespace Realtime.SocketIO.Adapters;

/// <summary>Creates the adapter of each namespace; registered in DI (the in-memory one unless replaced).</summary>
public interface IAdapterFactory
{
    Adapter Create(Namespace nsp);
}
