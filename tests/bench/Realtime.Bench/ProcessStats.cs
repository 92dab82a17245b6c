using System.Globalization;

namespace Realtime.Bench;

/// <summary>
/// CPU time, memory and context switches of a Linux process, read from <c>/proc/&lt;pid&gt;</c>. Context switches
/// (voluntary and not) are summed over the threads alive when read: a thread's wakeups are what light load costs.
/// </summary>
public readonly record struct ProcessStats(double CpuSeconds, long RssKiB, long PeakRssKiB, long ContextSwitches)
{
    /// <summary>USER_HZ, the unit of utime/stime in <c>/proc/&lt;pid&gt;/stat</c>; 100 on every Linux architecture in use.</summary>
    private const double ClockTicksPerSecond = 100;

    public static ProcessStats Read(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name in parentheses may contain spaces; the fields after it are fixed.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var userTicks = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var systemTicks = long.Parse(fields[12], CultureInfo.InvariantCulture);
        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = ParseKiB(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = ParseKiB(line);
            }
        }

        return new ProcessStats((userTicks + systemTicks) / ClockTicksPerSecond, rss, peak, ContextSwitchesOf(pid));
    }

    private static long ContextSwitchesOf(int pid)
    {
        long switches = 0;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                {
                    if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal)
                        || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                    {
                        switches += long.Parse(line[(line.IndexOf(':') + 1)..].Trim(), CultureInfo.InvariantCulture);
                    }
                }
            }
            catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException or IOException)
            {
                // The thread exited while being read.
            }
        }

        return switches;
    }

    private static long ParseKiB(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
