using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Realtime.Prometheus;

namespace Realtime.Server.Operations;

/// <summary>
/// Exposes <c>/metrics</c> in Prometheus text format: the System.Diagnostics.Metrics meters of the protocol
/// libraries and of this host, ASP.NET Core's request and connection meters (through <see cref="MeterExporter"/>),
/// and the process statistics. Each server instance exports only the meters of its own
/// <see cref="IMeterFactory"/>, so several in one process (tests) do not mix their numbers.
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

    private readonly ProcessStatistics _process = new();
    private readonly MeterExporter _meters;

    /// <param name="meterFactory">The host's factory: only its meters are exported, not those of other hosts in the process.</param>
    public MetricsExport(IMeterFactory meterFactory) =>
        _meters = new MeterExporter(instrument =>
            ReferenceEquals(instrument.Meter.Scope, meterFactory) && ExportedMeters.Contains(instrument.Meter.Name));

    public void Map(IEndpointRouteBuilder endpoints) => endpoints.MapGet("/metrics", WriteAsync);

    public void Dispose() => _meters.Dispose();

    private Task WriteAsync(HttpContext context) => MetricsResponse.WriteAsync(context, _process, _meters);
}
