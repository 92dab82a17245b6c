using System.Globalization;
using System.Text;

namespace Realtime.Local.Haproxy;

/// <summary>One backend of the proxy: the server name (also its sticky cookie value) and its loopback port.</summary>
internal readonly record struct HaproxyBackend(string Name, int Port);

/// <summary>
/// The one haproxy configuration shape of `make run` and of the test fixture (tests/Realtime.Testing compiles this
/// file too): the cookie affinity ingress-nginx gives with affinity: cookie + affinity-mode: persistent (inserted by
/// the proxy, honoured afterwards, redispatched when the pinned backend is down), health checks, and a tunnel
/// timeout long enough for idle WebSockets.
/// </summary>
internal static class HaproxyConfigWriter
{
    /// <param name="stickyCookie">The affinity cookie's name, or null for plain round-robin.</param>
    /// <param name="httpCheckPath">The HTTP path of the health check, or null for a TCP connect.</param>
    public static string Write(int bindPort, IReadOnlyList<HaproxyBackend> backends, string? stickyCookie, string? httpCheckPath, TimeSpan checkInterval, int maxConnections)
    {
        ArgumentNullException.ThrowIfNull(backends);
        var config = new StringBuilder();
        config.AppendLine("global");
        config.AppendLine(CultureInfo.InvariantCulture, $"  maxconn {maxConnections}");
        config.AppendLine("defaults");
        config.AppendLine("  mode http");
        config.AppendLine("  option http-server-close");
        config.AppendLine("  option redispatch");
        config.AppendLine("  retries 3");
        config.AppendLine("  timeout connect 2s");
        config.AppendLine("  timeout client 60s");
        config.AppendLine("  timeout server 60s");
        config.AppendLine("  timeout tunnel 3600s");
        config.AppendLine("frontend realtime");
        config.AppendLine(CultureInfo.InvariantCulture, $"  bind 127.0.0.1:{bindPort}");
        config.AppendLine("  default_backend pods");
        config.AppendLine("backend pods");
        config.AppendLine("  balance roundrobin");
        if (httpCheckPath is not null)
        {
            config.AppendLine(CultureInfo.InvariantCulture, $"  option httpchk GET {httpCheckPath}");
        }

        if (stickyCookie is not null)
        {
            config.AppendLine(CultureInfo.InvariantCulture, $"  cookie {stickyCookie} insert indirect nocache httponly");
        }

        foreach (var backend in backends)
        {
            var pin = stickyCookie is null ? "" : $" cookie {backend.Name}";
            config.AppendLine(CultureInfo.InvariantCulture,
                $"  server {backend.Name} 127.0.0.1:{backend.Port}{pin} check inter {(int)checkInterval.TotalMilliseconds}ms fall 2 rise 1");
        }

        return config.ToString();
    }
}
