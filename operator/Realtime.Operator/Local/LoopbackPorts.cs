using System.Net;
using System.Net.Sockets;

namespace Realtime.Operator.Local;

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
