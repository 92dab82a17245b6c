using System.Diagnostics.Metrics;

namespace Realtime.Server.Operations;

/// <summary>The host's own instruments (meter <c>Realtime.Server</c>), next to those of the protocol libraries.</summary>
public sealed class ServerMetrics
{
    public const string MeterName = "Realtime.Server";

    private readonly Counter<long> _apiEmits;
    private readonly Counter<long> _drainClosed;

    public ServerMetrics(IMeterFactory meterFactory, DrainState drain)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(drain);
        var meter = meterFactory.Create(MeterName);
        _apiEmits = meter.CreateCounter<long>("realtime_server_api_emits",
            description: "Publish API requests, by outcome (accepted, unauthorized, invalid, disabled).");
        _drainClosed = meter.CreateCounter<long>("realtime_server_drain_closed_connections",
            description: "Connections closed by the shutdown drain.");
        meter.CreateObservableGauge("realtime_server_draining", () => drain.IsDraining ? 1 : 0,
            description: "1 while the process drains before exit.");
    }

    public void ApiEmit(string outcome) => _apiEmits.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void DrainClosed(int connections) => _drainClosed.Add(connections);
}
