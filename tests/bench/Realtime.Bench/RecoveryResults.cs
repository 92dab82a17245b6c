using System.Globalization;

namespace Realtime.Bench;

/// <summary>
/// The servers' side of the rollout row: <c>realtime_socketio_recoveries_total</c> by result, summed over every pod
/// scraped (each one just before its SIGTERM, the rest at the end), so "not recovered" comes with its reasons.
/// </summary>
public sealed class RecoveryResults
{
    private const string Family = "realtime_socketio_recoveries_total{";

    private readonly SortedDictionary<string, long> _byResult = new(StringComparer.Ordinal);

    public async Task ScrapeAsync(HttpClient http, Uri pod, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(http);
        var metrics = await http.GetStringAsync(new Uri(pod, "/metrics"), cancellation);
        foreach (var line in metrics.Split('\n').Where(l => l.StartsWith(Family, StringComparison.Ordinal)))
        {
            var labels = line[Family.Length..line.IndexOf('}', StringComparison.Ordinal)];
            var result = labels.Split(',').Select(label => label.Split('=', 2))
                .FirstOrDefault(pair => pair[0] == "result")?[1].Trim('"') ?? "?";
            var value = (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            _byResult[result] = _byResult.GetValueOrDefault(result) + value;
        }
    }

    /// <summary>E.g. <c>recovered 1,617, unknown 12</c>; results never counted are left out.</summary>
    public override string ToString() =>
        !_byResult.Values.Any(count => count > 0)
            ? "none"
            : string.Join(", ", _byResult.Where(pair => pair.Value > 0)
                .Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Key} {pair.Value:N0}")));
}
