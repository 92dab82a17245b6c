namespace Realtime.Testing.Tests;

public sealed class NodeScriptTests
{
    [Fact]
    public async Task Runs_a_script_with_the_pinned_client_and_reads_its_json()
    {
        var result = await NodeScript.RunAsync("echo.js", new Dictionary<string, string> { ["answer"] = "42" },
            TimeSpan.FromSeconds(10));

        Assert.Equal("42", result.GetProperty("args").GetProperty("answer").GetString());
        Assert.StartsWith("4.8.", result.GetProperty("versions").GetProperty("socket.io-client").GetString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_a_failing_script_with_its_output()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            NodeScript.RunAsync("does-not-exist.js", new Dictionary<string, string>(), TimeSpan.FromSeconds(10)));

        Assert.Contains("does-not-exist.js", error.Message, StringComparison.Ordinal);
    }
}
