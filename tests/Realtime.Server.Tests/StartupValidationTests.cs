using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>A bad setting stops the real process with one line and a non-zero exit code, no stack trace.</summary>
public class StartupValidationTests
{
    [Theory]
    [InlineData("PORT", "not-a-port")]
    [InlineData("CORS_ORIGINS", "*")]
    [InlineData("API_TOKEN_FILE", "/nonexistent/api-token")]
    [InlineData("REDIS_URL", "http://redis:6379")]
    public async Task A_bad_variable_stops_start_up_with_one_line(string variable, string value)
    {
        await using var process = ServerProcess.Start(FreePort.Next(), new Dictionary<string, string> { [variable] = value });

        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(20));
        var lines = process.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(lines);
        Assert.StartsWith($"invalid configuration: {variable}: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_ends_the_process_with_a_clear_last_line_instead_of_an_abort()
    {
        using var occupant = new System.Net.Sockets.TcpListener(System.Net.IPAddress.IPv6Any, 0);
        occupant.Server.DualMode = true;
        occupant.Start();
        var port = ((System.Net.IPEndPoint)occupant.LocalEndpoint).Port;
        await using var process = ServerProcess.Start(port, new Dictionary<string, string>());

        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(20));
        var lines = process.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("cannot start: ", lines[^1], StringComparison.Ordinal);
        Assert.Contains("address already in use", lines[^1], StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Unhandled exception", process.Output, StringComparison.Ordinal);
    }
}
