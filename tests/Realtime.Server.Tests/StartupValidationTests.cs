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
}
