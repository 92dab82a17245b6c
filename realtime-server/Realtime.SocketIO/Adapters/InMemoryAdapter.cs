namespace Realtime.SocketIO.Adapters;

/// <summary>The single-server adapter: every socket is local, so the base class does all the work.</summary>
public sealed class InMemoryAdapter(Namespace nsp) : Adapter(nsp);
