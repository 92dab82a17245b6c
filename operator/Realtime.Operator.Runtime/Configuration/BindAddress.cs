using System.Globalization;
using System.Net;

namespace Realtime.Operator.Runtime.Configuration;

/// <summary>
/// A listener address written as kubebuilder's --metrics-bind-address and --health-probe-bind-address are:
/// ":8080" (every interface), "127.0.0.1:8080", "[::1]:8080" or "localhost:8080".
/// </summary>
public sealed record BindAddress(IPAddress? Address, bool Localhost, int Port)
{
    /// <summary>Every interface; null when only the port was given.</summary>
    public bool AnyAddress => Address is null && !Localhost;

    /// <exception cref="FormatException">The text is not host:port with an IP address or localhost and a port 1-65535.</exception>
    public static BindAddress Parse(string text)
    {
        var separator = text.LastIndexOf(':');
        if (separator < 0
            || !int.TryParse(text.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
        {
            throw new FormatException($"'{text}' is not host:port with a port from 1 to 65535 (e.g. :8080 or 127.0.0.1:8080).");
        }

        var host = text[..separator];
        if (host.Length == 0)
        {
            return new BindAddress(null, Localhost: false, port);
        }

        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new BindAddress(null, Localhost: true, port);
        }

        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        return IPAddress.TryParse(bare, out var address)
            ? new BindAddress(address, Localhost: false, port)
            : throw new FormatException($"'{text}': the host must be an IP address or localhost, or empty for every interface.");
    }

    public override string ToString() => Localhost ? $"localhost:{Port}" : Address is null ? $":{Port}" : $"{Address}:{Port}";
}
