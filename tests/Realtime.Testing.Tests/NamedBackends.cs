using System.Net;

namespace Realtime.Testing.Tests;

/// <summary>Tiny HTTP servers that answer every request with their own name, to see where the proxy sent it.</summary>
internal sealed class NamedBackends : IAsyncDisposable
{
    private readonly List<(string Name, HttpListener Listener, Task Loop)> _servers = [];

    public IReadOnlyList<int> Ports { get; private set; } = [];

    public static Task<NamedBackends> StartAsync(int count)
    {
        var backends = new NamedBackends();
        var ports = new List<int>();
        for (var i = 0; i < count; i++)
        {
            var port = FreePort.Next();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            listener.Start();
            var name = $"backend-{i}";
            backends._servers.Add((name, listener, ServeAsync(listener, name)));
            ports.Add(port);
        }

        backends.Ports = ports;
        return Task.FromResult(backends);
    }

    public void Stop(string name) => _servers.Single(s => s.Name == name).Listener.Close();

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, listener, loop) in _servers)
        {
            listener.Close();
            await loop;
        }
    }

    private static async Task ServeAsync(HttpListener listener, string name)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(name);
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            context.Response.ContentType = "text/plain";
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }
}
