using System.Collections.Concurrent;
using Realtime.SocketIO.Adapters;

namespace Realtime.SocketIO.Redis.Tests.AdapterSeam;

/// <summary>The "cluster" of the test adapter: every server's adapter of each namespace, in one process.</summary>
public sealed class InProcessBus
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<BusAdapter, byte>> _adapters =
        new(StringComparer.Ordinal);

    public void Join(BusAdapter adapter) => Of(adapter.Namespace.Name)[adapter] = 0;

    public void Leave(BusAdapter adapter) => Of(adapter.Namespace.Name).TryRemove(adapter, out _);

    public IReadOnlyList<BusAdapter> PeersOf(BusAdapter adapter) =>
        [.. Of(adapter.Namespace.Name).Keys.Where(other => !ReferenceEquals(other, adapter))];

    public int CountOf(string nsp) => Of(nsp).Count;

    private ConcurrentDictionary<BusAdapter, byte> Of(string nsp) =>
        _adapters.GetOrAdd(nsp, static _ => new ConcurrentDictionary<BusAdapter, byte>());
}

public sealed class BusAdapterFactory(InProcessBus bus) : IAdapterFactory
{
    public Adapter Create(Namespace nsp) => new BusAdapter(nsp, bus);
}
