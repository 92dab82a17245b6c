using System.Text.Json;

namespace Realtime.Testing;

/// <summary>
/// Runs a script of the Node workspace (<c>tests/node</c>) with the official Socket.IO packages and reads the JSON
/// object it prints as its last line of standard output.
/// </summary>
public static class NodeScript
{
    public static async Task<JsonElement> RunAsync(string script, IReadOnlyDictionary<string, string> arguments,
        TimeSpan timeout)
    {
        await using var process = Start(script, arguments);
        var exitCode = await process.WaitForExitAsync(timeout);
        var lastLine = process.Output.Split('\n').LastOrDefault(line => line.StartsWith('{'));
        if (exitCode != 0 || lastLine is null)
        {
            throw new InvalidOperationException($"node {script} exited with {exitCode}. Output:\n{process.Output}");
        }

        return JsonDocument.Parse(lastLine).RootElement.Clone();
    }

    /// <summary>Starts a long-running script (a peer server, a listener) that the caller stops.</summary>
    public static ChildProcess Start(string script, IReadOnlyDictionary<string, string> arguments)
    {
        var workspace = RepositoryPaths.NodeWorkspace;
        if (!Directory.Exists(Path.Combine(workspace, "node_modules")))
        {
            throw new InvalidOperationException($"run 'npm ci' in {workspace} first (.ci/run does this)");
        }

        var args = new List<string> { Path.Combine(workspace, "scripts", script) };
        args.AddRange(arguments.Select(pair => $"--{pair.Key}={pair.Value}"));
        return ChildProcess.Start(ExecutableLocator.Require("node"), args, workspace);
    }
}
