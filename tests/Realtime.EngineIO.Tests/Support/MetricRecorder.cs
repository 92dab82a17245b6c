using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Realtime.EngineIO.Tests.Support;

/// <summary>Sums the measurements of one test server's <c>Realtime.EngineIO</c> meter, by instrument and tags.</summary>
public sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new();

    public MetricRecorder(EngineTestServer server)
    {
        var factory = server.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Realtime.EngineIO" && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            _totals.AddOrUpdate(instrument.Name, value, (_, total) => total + value);
            foreach (var tag in tags)
            {
                _totals.AddOrUpdate($"{instrument.Name}|{tag.Key}={tag.Value}", value, (_, total) => total + value);
            }
        });
        _listener.Start();
    }

    public long Total(string instrument) => _totals.GetValueOrDefault(instrument);

    public long Total(string instrument, string tag, string value) => _totals.GetValueOrDefault($"{instrument}|{tag}={value}");

    public void Dispose() => _listener.Dispose();
}
