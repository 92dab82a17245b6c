using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Prometheus;

namespace Realtime.Server.Operations;

/// <summary>
/// Exposes <c>/metrics</c> in Prometheus text format: the System.Diagnostics.Metrics meters of the protocol
/// libraries and of this host, ASP.NET Core's request and connection meters, and process statistics.
/// Each server instance gets its own registry, so several in one process (tests) do not mix their numbers.
/// </summary>
public sealed class MetricsExport : IDisposable
{
    public static readonly IReadOnlySet<string> ExportedMeters = new HashSet<string>(StringComparer.Ordinal)
    {
        "Realtime.EngineIO",
        "Realtime.SocketIO",
        "Realtime.SocketIO.Redis",
        ServerMetrics.MeterName,
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
    };

    private static readonly Lazy<bool> DefaultRegistrySilenced = new(() =>
    {
        // The static default registry would otherwise start its own listeners on every meter and event counter.
        Metrics.SuppressDefaultMetrics();
        return true;
    });

    private readonly IDisposable _meterListener;

    /// <param name="meterFactory">The host's factory: only its meters are exported, not those of other hosts in the process.</param>
    public MetricsExport(IMeterFactory meterFactory)
    {
        _ = DefaultRegistrySilenced.Value;
        Registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        _meterListener = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = Registry,
            MetricFactory = Metrics.WithCustomRegistry(Registry),
            InstrumentFilterPredicate = instrument =>
                ReferenceEquals(instrument.Meter.Scope, meterFactory) && ExportedMeters.Contains(instrument.Meter.Name),
        });
    }

    public CollectorRegistry Registry { get; }

    public void Map(IEndpointRouteBuilder endpoints) => endpoints.MapMetrics("/metrics", Registry);

    public void Dispose() => _meterListener.Dispose();
}
