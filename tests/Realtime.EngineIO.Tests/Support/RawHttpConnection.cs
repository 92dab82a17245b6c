using System.Net.Sockets;
using System.Text;

namespace Realtime.EngineIO.Tests.Support;

/// <summary>An HTTP/1.1 request written by hand on its own TCP connection, to control when it is sent.</summary>
public sealed class RawHttpConnection : IDisposable
{
    private readonly Socket _socket;

    private RawHttpConnection(Socket socket) => _socket = socket;

    public static async Task<RawHttpConnection> OpenAsync(Uri baseUri)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await socket.ConnectAsync(baseUri.Host, baseUri.Port, timeout.Token);
        return new RawHttpConnection(socket);
    }

    /// <summary>Writes synchronously, so two connections' requests leave back to back.</summary>
    public void Write(string request) => _socket.Send(Encoding.ASCII.GetBytes(request));

    /// <summary>The whole response (the request asked for <c>Connection: close</c>).</summary>
    public async Task<string> ReadToEndAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var response = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await _socket.ReceiveAsync(buffer, timeout.Token)) > 0)
        {
            response.Write(buffer, 0, read);
        }

        return Encoding.ASCII.GetString(response.ToArray());
    }

    public void Dispose() => _socket.Dispose();
}
