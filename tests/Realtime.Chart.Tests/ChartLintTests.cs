namespace Realtime.Chart.Tests;

public sealed class ChartLintTests
{
    [Theory]
    [InlineData("watchNamespaces=null")]
    [InlineData("watchNamespaces={team-a,team-b}")]
    [InlineData("metrics.serviceMonitor.enabled=true")]
    public async Task Helm_lint_passes_strictly(string setValue)
    {
        var result = await PinnedHelm.RunAsync("lint", "--strict", RenderedChart.ChartDirectory, "--set", setValue);

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains("0 chart(s) failed", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Install_notes_tell_the_next_command()
    {
        var result = await PinnedHelm.RunAsync("install", RenderedChart.ReleaseName, RenderedChart.ChartDirectory,
            "--namespace", "ops", "--dry-run=client", "--set", "watchNamespaces={team-a}");

        Assert.True(result.ExitCode == 0, result.Describe());
        var notes = result.StandardOutput[result.StandardOutput.IndexOf("NOTES:", StringComparison.Ordinal)..];
        Assert.Contains("watches: team-a", notes, StringComparison.Ordinal);
        Assert.Contains("kubectl -n ops rollout status deployment/rt-realtime-operator", notes, StringComparison.Ordinal);
        Assert.Contains("kubectl apply -n team-a -f examples/", notes, StringComparison.Ordinal);
        Assert.Contains("kubectl get rtc", notes, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("watchNamespaces=team-a", "/watchNamespaces")]
    [InlineData("watchNamespaces={Team_A}", "/watchNamespaces/0")]
    [InlineData("replicas=0", "/replicas")]
    [InlineData("replica=3", "replica")]
    [InlineData("metrics.port=70000", "/metrics/port")]
    [InlineData("healthProbe.port=0", "/healthProbe/port")]
    [InlineData("healthProbe.port=8080", "healthProbe.port")]
    [InlineData("image.pullPolicy=Sometimes", "/image/pullPolicy")]
    public async Task Invalid_values_are_refused_with_the_path_of_the_bad_value(string setValue, string path)
    {
        var result = await RenderedChart.TemplateAsync(setValue);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(path, result.StandardError, StringComparison.Ordinal);
        Assert.Empty(result.StandardOutput);
    }
}
