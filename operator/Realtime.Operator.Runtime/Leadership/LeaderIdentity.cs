namespace Realtime.Operator.Runtime.Leadership;

/// <summary>
/// This replica's name in the Lease. It must differ between any two running processes, or both believe they hold
/// the Lease: the pod name is unique in its namespace; a host name is not (two processes on one machine, hostNetwork
/// pods), so it gets a random suffix, as controller-runtime's leaderelection does (host name + "_" + UUID).
/// </summary>
public static class LeaderIdentity
{
    public static string Resolve(string? podName, string hostName) =>
        string.IsNullOrWhiteSpace(podName) ? $"{hostName}_{Guid.NewGuid():N}" : podName.Trim();

    /// <summary>POD_NAME (the chart sets it through the downward API), else the host name with a random suffix.</summary>
    public static string FromEnvironment() => Resolve(Environment.GetEnvironmentVariable("POD_NAME"), Environment.MachineName);
}
