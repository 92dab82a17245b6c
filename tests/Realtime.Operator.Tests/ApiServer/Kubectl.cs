using System.Diagnostics;

namespace Realtime.Operator.Tests.ApiServer;

/// <summary>What a user sees from one kubectl command: its exit code, and stdout apart from stderr.</summary>
public sealed record KubectlResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string Describe() => $"exit {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}

/// <summary>The pinned kubectl (tests/tools) against one kubeconfig, with manifests passed on standard input.</summary>
public sealed class Kubectl(string path, string kubeconfig)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public async Task<KubectlResult> RunAsync(string[] arguments, string? standardInput = null)
    {
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--kubeconfig");
        info.ArgumentList.Add(kubeconfig);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {path}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(standardInput ?? "");
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', arguments)} did not finish within {Timeout}");
        }

        return new KubectlResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs a command that must succeed and returns its stdout.</summary>
    public async Task<string> SucceedAsync(string[] arguments, string? standardInput = null)
    {
        var result = await RunAsync(arguments, standardInput);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', arguments)} failed: {result.Describe()}");
        return result.StandardOutput;
    }
}
