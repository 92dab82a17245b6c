using Prometheus;

namespace Realtime.Prometheus;

/// <summary>
/// <c>process_*</c> and <c>dotnet_*</c> (CPU seconds, resident memory bytes, GC collections) in prometheus-net's
/// names, which dashboards and the pods' sizing read, from a registry of this instance's own.
/// </summary>
public sealed class ProcessStatistics
{
    private static readonly Lazy<bool> DefaultRegistrySilenced = new(() =>
    {
        // The static default registry would otherwise start its own listeners on every meter and event counter.
        Metrics.SuppressDefaultMetrics();
        return true;
    });

    private readonly CollectorRegistry _registry;

    public ProcessStatistics()
    {
        _ = DefaultRegistrySilenced.Value;
        _registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(_registry);
    }

    public Task WriteToAsync(Stream output, CancellationToken cancellationToken) =>
        _registry.CollectAndExportAsTextAsync(output, cancellationToken);
}
