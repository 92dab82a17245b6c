using System.Text.RegularExpressions;
using Realtime.Local;
using Realtime.Testing;

namespace Realtime.Demo.Tests;

public sealed partial class LocalCommandTests
{
    [Fact]
    public async Task Make_run_prints_the_url_serves_it_and_stops_everything_on_ctrl_c()
    {
        var yaml = Path.Combine(Path.GetTempPath(), $"realtime-local-command-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(yaml, """
            apiVersion: realtime.dev/v1alpha1
            kind: RealtimeCluster
            metadata: {name: laptop}
            spec:
              replicas: 1
            """);
        var port = FreePort.Next();
        using var stdout = new SynchronizedWriter();
        using var stderr = new SynchronizedWriter();
        using var ctrlC = new CancellationTokenSource();
        try
        {
            var running = LocalCommand.RunAsync(yaml, port, LocalClusterFixture.ServerAssembly, stdout, stderr, ctrlC.Token);
            await Eventually.TrueAsync(() => running.IsCompleted || stdout.Text.Contains("open http://", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60), "the launcher prints the URL");
            Assert.False(running.IsCompleted, $"the launcher stopped early: {stderr.Text}\n{stdout.Text}");

            var url = new Uri(OpenLine().Match(stdout.Text).Groups["url"].Value);
            Assert.Equal(port, url.Port);
            using var browser = new HttpClient();
            using var page = await browser.GetAsync(url);
            Assert.True(page.IsSuccessStatusCode, $"{page.StatusCode}");
            Assert.Equal("laptop-0", page.Headers.GetValues("X-Realtime-Pod").Single());

            await ctrlC.CancelAsync();

            Assert.Equal(0, await running.WaitAsync(TimeSpan.FromSeconds(15)));
            Assert.True(LoopbackPorts.IsFree(port), "the proxy port is released");
            Assert.Contains("stopping everything", stdout.Text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(yaml);
        }
    }

    [Fact]
    public async Task A_bad_file_exits_non_zero_with_the_reason_on_stderr()
    {
        using var stdout = new SynchronizedWriter();
        using var stderr = new SynchronizedWriter();

        var exit = await LocalCommand.RunAsync("does-not-exist.yaml", FreePort.Next(), LocalClusterFixture.ServerAssembly,
            stdout, stderr, CancellationToken.None);

        Assert.Equal(1, exit);
        Assert.Contains("does-not-exist.yaml: no such file", stderr.Text, StringComparison.Ordinal);
        Assert.Empty(stdout.Text);
    }

    [GeneratedRegex(@"open (?<url>http://\S+)")]
    private static partial Regex OpenLine();

    /// <summary>A console stand-in the launcher's threads can write to while the test reads it.</summary>
    private sealed class SynchronizedWriter : StringWriter
    {
        public string Text
        {
            get
            {
                lock (this)
                {
                    return ToString();
                }
            }
        }

        public override void Write(char value)
        {
            lock (this)
            {
                base.Write(value);
            }
        }

        public override void Write(string? value)
        {
            lock (this)
            {
                base.Write(value);
            }
        }

        public override void WriteLine(string? value)
        {
            lock (this)
            {
                base.WriteLine(value);
            }
        }
    }
}
