using System.Net;
using System.Net.Sockets;

namespace Realtime.Testing;

/// <summary>Hands out loopback ports that were free a moment ago.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits for a listener on the port; gives up at once when the process that should listen has exited.</summary>
    public static async Task WaitUntilListeningAsync(int port, TimeSpan timeout, ChildProcess? owner = null)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cts.Token);
                return;
            }
            catch (SocketException) when (!cts.IsCancellationRequested)
            {
                if (owner is { HasExited: true })
                {
                    throw new InvalidOperationException($"the process for port {port} exited: {owner.Output}");
                }

                await Task.Delay(25, CancellationToken.None);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"nothing listened on 127.0.0.1:{port} within {timeout}. {owner?.Output}");
            }
        }
    }
}
