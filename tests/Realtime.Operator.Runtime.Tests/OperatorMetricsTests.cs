using System.Text;
using System.Text.RegularExpressions;
using Realtime.Operator.Runtime.Observability;
using Realtime.Testing;

namespace Realtime.Operator.Runtime.Tests;

/// <summary>The exported metrics are the documented ones, named and typed as Prometheus conventions say.</summary>
public sealed partial class OperatorMetricsTests
{
    [Fact]
    public void The_exported_families_are_exactly_those_in_docs_operations_md_with_the_same_types()
    {
        var exported = Families(Export(Started()));
        var documented = DocumentedFamilies();

        Assert.NotEmpty(documented);
        Assert.Equal(documented.OrderBy(f => f.Name, StringComparer.Ordinal), exported.OrderBy(f => f.Name, StringComparer.Ordinal));
    }

    [Fact]
    public void Names_follow_prometheus_conventions()
    {
        var families = Families(Export(Started()));

        Assert.All(families, family =>
        {
            Assert.Equal(family.Type == "counter", family.Name.EndsWith("_total", StringComparison.Ordinal));
            Assert.Matches("^[a-z_][a-z0-9_]*$", family.Name);
            var words = family.Name.Split('_');
            Assert.True(words.Distinct(StringComparer.Ordinal).Count() == words.Length, $"{family.Name} repeats a word");
            if (family.Name.Contains("duration", StringComparison.Ordinal))
            {
                Assert.EndsWith("_seconds", family.Name, StringComparison.Ordinal);
            }
        });
    }

    [Fact]
    public void Every_label_combination_is_exported_from_zero_once_the_controller_and_watch_exist()
    {
        var text = Export(Started());

        foreach (var result in OperatorMetrics.ReconcileResults)
        {
            Assert.Contains($"realtime_operator_reconciles_total{{controller=\"realtimecluster\",result=\"{result}\"}} 0", text, StringComparison.Ordinal);
        }

        foreach (var reason in OperatorMetrics.WatchRestartReasons)
        {
            Assert.Contains($"realtime_operator_watch_restarts_total{{reason=\"{reason}\",resource=\"apps/v1/deployments\"}} 0", text, StringComparison.Ordinal);
        }

        Assert.Contains("realtime_operator_watch_events_total{resource=\"apps/v1/deployments\",type=\"Added\"} 0", text, StringComparison.Ordinal);
        Assert.Contains("realtime_operator_queue_depth{controller=\"realtimecluster\"} 0", text, StringComparison.Ordinal);
        Assert.Contains("realtime_operator_reconcile_duration_seconds_count{controller=\"realtimecluster\"} 0", text, StringComparison.Ordinal);
        Assert.Contains("realtime_operator_leader 0", text, StringComparison.Ordinal);
    }

    private static OperatorMetrics Started()
    {
        var metrics = new OperatorMetrics();
        metrics.AddController("realtimecluster");
        metrics.AddWatch("apps/v1/deployments");
        return metrics;
    }

    private static string Export(OperatorMetrics metrics)
    {
        var text = new StringBuilder();
        metrics.WriteTo(text);
        return text.ToString();
    }

    private static List<(string Name, string Type)> Families(string exposition) =>
        [.. exposition.Split('\n')
            .Select(line => TypeLine().Match(line))
            .Where(match => match.Success && match.Groups[1].Value.StartsWith(OperatorMetrics.Prefix + "_", StringComparison.Ordinal))
            .Select(match => (match.Groups[1].Value, match.Groups[2].Value))];

    private static List<(string Name, string Type)> DocumentedFamilies() =>
        [.. File.ReadLines(RepositoryPaths.Combine("docs", "operations.md"))
            .Select(line => DocumentedRow().Match(line))
            .Where(match => match.Success)
            .Select(match => (match.Groups[1].Value, match.Groups[2].Value))];

    [GeneratedRegex("^# TYPE (\\S+) (\\S+)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex("^\\| `(realtime_operator_[a-z_]+)` \\| (counter|gauge|histogram|summary) \\|")]
    private static partial Regex DocumentedRow();
}
