using System.Text.RegularExpressions;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>
/// /metrics follows the Prometheus conventions (no repeated prefix, counters typed counter and named _total, present
/// at 0 before their first increment) and the README's table lists exactly the families a server with Redis exports.
/// </summary>
public partial class MetricsDocumentationTests
{
    [Fact]
    public async Task The_readme_lists_exactly_the_exported_families_with_their_types()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var server = await InProcessServer.StartAsync(new Dictionary<string, string?> { ["REDIS_URL"] = redis.Url });

        var exported = TypeLine().Matches(await server.Http.GetStringAsync("/metrics"))
            .Select(match => $"{match.Groups[1].Value} {match.Groups[2].Value}").Order(StringComparer.Ordinal).ToArray();
        var readme = await File.ReadAllTextAsync(RepositoryPaths.Combine("realtime-server", "Realtime.Server", "README.md"));
        var documented = DocumentedFamily().Matches(readme)
            .Select(match => $"{match.Groups[1].Value} {match.Groups[2].Value}").Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(documented, exported);
    }

    [Fact]
    public async Task Counters_are_counters_named_total_from_zero_and_no_name_repeats_its_prefix()
    {
        await using var server = await InProcessServer.StartAsync();

        var text = await server.Http.GetStringAsync("/metrics");

        Assert.Contains("# TYPE realtime_engineio_slow_consumer_drops_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("\nrealtime_engineio_slow_consumer_drops_total 0\n", text, StringComparison.Ordinal);
        Assert.Contains("\nrealtime_server_drain_closed_connections_total 0\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE realtime_engineio_connections gauge\n", text, StringComparison.Ordinal);
        foreach (Match match in TypeLine().Matches(text))
        {
            var (name, type) = (match.Groups[1].Value, match.Groups[2].Value);
            Assert.True(type != "counter" || name.EndsWith("_total", StringComparison.Ordinal), $"{name} is a counter without _total");
            Assert.True(type == "counter" || !name.EndsWith("_total", StringComparison.Ordinal), $"{name} is a {type} named _total");
            Assert.DoesNotMatch(@"^(\w+?_\w+?)_\1_", name);
        }
    }

    [GeneratedRegex(@"^# TYPE (\S+) (\S+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^\| `([a-z_]+)` \| (counter|gauge|histogram) \|", RegexOptions.Multiline)]
    private static partial Regex DocumentedFamily();
}
