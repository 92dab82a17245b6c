using System.Globalization;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>The built server started as a child process, for what needs a real process: exit codes and signals.</summary>
public static class ServerProcess
{
    /// <param name="workingDirectory">Where the process starts; default: next to the binary.</param>
    public static ChildProcess Start(int port, IReadOnlyDictionary<string, string> settings,
        string? workingDirectory = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["POD_NAME"] = "child-pod",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        var serverDll = Path.Combine(AppContext.BaseDirectory, "realtime-server.dll");
        return ChildProcess.Start(ExecutableLocator.Require("dotnet"), [serverDll], workingDirectory ?? AppContext.BaseDirectory,
            environment);
    }
}
