using System.Net.Sockets;
using System.Text;

namespace Realtime.Testing;

/// <summary>Reads a raw HTTP response head off a socket, for tests that look at the bytes a server wrote.</summary>
public static class HttpHead
{
    /// <summary>The head up to and with its blank line, read a byte at a time so nothing after it is consumed.</summary>
    public static async Task<string> ReadAsync(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var head = new StringBuilder();
        var buffer = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) &&
               await socket.ReceiveAsync(buffer, timeout.Token) == 1)
        {
            head.Append((char)buffer[0]);
        }

        return head.ToString();
    }
}
