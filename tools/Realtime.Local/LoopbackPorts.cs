using System.Net;
using System.Net.Sockets;

namespace Realtime.Local;

/// <summary>Loopback ports for the local cluster's processes.</summary>
public static class LoopbackPorts
{
    /// <summary>A port the kernel just handed out as free.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Ports from <paramref name="source"/>, each handed out once and none of <paramref name="taken"/>: once its
    /// probe listener closes, the kernel may hand the same free port out again, and two processes cannot share it.
    /// </summary>
    public static Func<int> Distinct(Func<int> source, IEnumerable<int> taken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var used = new HashSet<int>(taken);
        return () =>
        {
            int port;
            do
            {
                port = source();
            }
            while (!used.Add(port));

            return port;
        };
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
