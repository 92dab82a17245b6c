using System.Diagnostics;

namespace Realtime.Local;

/// <summary>A child process of the local cluster: its output lines go to the console with a prefix naming it.</summary>
public sealed class LocalProcess : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(1.5);

    private readonly Process _process;
    private readonly Queue<string> _recentOutput = new();

    private LocalProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    public Task Exited => _process.WaitForExitAsync();

    /// <summary>The last lines it printed, for the message when it dies.</summary>
    public string RecentOutput
    {
        get
        {
            lock (_recentOutput)
            {
                return string.Join('\n', _recentOutput);
            }
        }
    }

    public static LocalProcess Start(string name, string fileName, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment, string workingDirectory, Action<string> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var child = new LocalProcess(name, process);
        process.OutputDataReceived += (_, e) => child.Forward(e.Data, output);
        process.ErrorDataReceived += (_, e) => child.Forward(e.Data, output);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            process.Dispose();
            throw new LocalSetupException($"cannot start {fileName} for {name}: {error.Message}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>SIGTERM, as the kubelet stops a pod; SIGKILL after a short grace.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        await SignalTerminateAsync(_process.Id);
        using var grace = new CancellationTokenSource(StopGrace);
        try
        {
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (InvalidOperationException)
        {
            // It was never started or is already reaped.
        }

        _process.Dispose();
    }

    private void Forward(string? line, Action<string> output)
    {
        if (line is null)
        {
            return;
        }

        lock (_recentOutput)
        {
            _recentOutput.Enqueue(line);
            while (_recentOutput.Count > 40)
            {
                _recentOutput.Dequeue();
            }
        }

        output($"[{Name}] {line}");
    }

    /// <summary>.NET can only SIGKILL another process; <c>kill</c> sends the SIGTERM a clean shutdown needs.</summary>
    private static async Task SignalTerminateAsync(int pid)
    {
        try
        {
            using var kill = Process.Start("kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No kill(1) here: the grace period runs out and the process is killed outright.
        }
    }
}
