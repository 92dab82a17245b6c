using System.Diagnostics.Metrics;
using System.Text;

namespace Realtime.Prometheus;

/// <summary>
/// Prometheus names for System.Diagnostics.Metrics instruments, as the OpenTelemetry Prometheus exporter forms
/// them: the instrument name with <c>.</c> as <c>_</c>, the base unit as a suffix (<c>By</c> → <c>_bytes</c>,
/// <c>s</c> → <c>_seconds</c>) and <c>_total</c> on counters. The meter name is not prepended: instrument names
/// already carry their namespace (<c>realtime.engineio.connections</c>, <c>http.server.request.duration</c>).
/// </summary>
public static class PrometheusNames
{
    public static string For(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var name = Sanitize(instrument.Name);
        var unitSuffix = instrument.Unit switch
        {
            "By" => "bytes",
            "s" => "seconds",
            _ => null,
        };
        if (unitSuffix is not null && !name.Split('_').Contains(unitSuffix))
        {
            name += "_" + unitSuffix;
        }

        return IsCounter(instrument) && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
    }

    public static bool IsCounter(Instrument instrument)
    {
        var type = instrument.GetType();
        return type.IsGenericType && type.GetGenericTypeDefinition() is var definition
                                  && (definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>));
    }

    /// <summary>Label and metric names: <c>[a-zA-Z_][a-zA-Z0-9_]*</c>, every other character as <c>_</c>.</summary>
    public static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }

        if (builder.Length == 0 || char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }
}
