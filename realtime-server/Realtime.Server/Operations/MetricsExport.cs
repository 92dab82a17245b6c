using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Prometheus;
using Realtime.Server.Operations.Prometheus;

namespace Realtime.Server.Operations;

/// <summary>
/// Exposes <c>/metrics</c> in Prometheus text format: the System.Diagnostics.Metrics meters of the protocol
/// libraries and of this host, ASP.NET Core's request and connection meters (through <see cref="MeterExporter"/>),
/// and prometheus-net's process statistics. Each server instance exports only the meters of its own
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

    private static readonly Lazy<bool> DefaultRegistrySilenced = new(() =>
    {
        // The static default registry would otherwise start its own listeners on every meter and event counter.
        Metrics.SuppressDefaultMetrics();
        return true;
    });

    private readonly CollectorRegistry _process;
    private readonly MeterExporter _meters;

    /// <param name="meterFactory">The host's factory: only its meters are exported, not those of other hosts in the process.</param>
    public MetricsExport(IMeterFactory meterFactory)
    {
        _ = DefaultRegistrySilenced.Value;
        _process = Metrics.NewCustomRegistry();
        DotNetStats.Register(_process);
        _meters = new MeterExporter(instrument =>
            ReferenceEquals(instrument.Meter.Scope, meterFactory) && ExportedMeters.Contains(instrument.Meter.Name));
    }

    public void Map(IEndpointRouteBuilder endpoints) => endpoints.MapGet("/metrics", WriteAsync);

    public void Dispose() => _meters.Dispose();

    private async Task WriteAsync(HttpContext context)
    {
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        using var process = new MemoryStream();
        await _process.CollectAndExportAsTextAsync(process, context.RequestAborted);
        var meters = new StringBuilder();
        _meters.WriteTo(meters);
        await context.Response.Body.WriteAsync(process.GetBuffer().AsMemory(0, (int)process.Length), context.RequestAborted);
        await context.Response.WriteAsync(meters.ToString(), context.RequestAborted);
    }
}
