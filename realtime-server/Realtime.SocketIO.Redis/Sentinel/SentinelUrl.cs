using System.Globalization;
using System.Net;
using StackExchange.Redis;

namespace Realtime.SocketIO.Redis.Sentinel;

/// <summary>
/// <c>redis+sentinel://[[user]:password@]host1:port1[,host2:port2...][/db[/masterName]]</c>, the form python-socketio's
/// <c>parse_redis_sentinel_url</c> reads (<c>rediss+sentinel://</c>: TLS to the sentinels and the master). The
/// credentials authenticate to the sentinels and to the master alike.
/// </summary>
internal static class SentinelUrl
{
    public const string DefaultMasterName = "mymaster";
    public const int DefaultSentinelPort = 26379;

    public static bool IsSentinel(string value) =>
        value.StartsWith("redis+sentinel://", StringComparison.OrdinalIgnoreCase)
        || value.StartsWith("rediss+sentinel://", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Options whose <see cref="ConfigurationOptions.EndPoints"/> are the sentinels and whose
    /// <see cref="ConfigurationOptions.ServiceName"/> is the master name. Every error names the part at fault and never
    /// quotes the credentials.
    /// </summary>
    public static ConfigurationOptions Parse(string value)
    {
        var schemeEnd = value.IndexOf("://", StringComparison.Ordinal);
        var options = new ConfigurationOptions
        {
            Ssl = value.StartsWith("rediss", StringComparison.OrdinalIgnoreCase),
            ServiceName = DefaultMasterName,
        };
        var rest = value[(schemeEnd + 3)..];
        if (rest.IndexOfAny(['?', '#']) >= 0)
        {
            throw Invalid("a query or fragment is not supported");
        }

        var pathStart = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = pathStart < 0 ? rest : rest[..pathStart];
        var path = pathStart < 0 ? string.Empty : rest[pathStart..];
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            ReadCredentials(authority[..at], options);
            authority = authority[(at + 1)..];
        }

        var hosts = authority.Split(',');
        for (var i = 0; i < hosts.Length; i++)
        {
            options.EndPoints.Add(ReadEndPoint(hosts[i].Trim(), i + 1));
        }

        ReadPath(path, options);
        return options;
    }

    private static void ReadCredentials(string userInfo, ConfigurationOptions options)
    {
        var separator = userInfo.IndexOf(':', StringComparison.Ordinal);
        var user = Unescape(separator < 0 ? userInfo : userInfo[..separator]);
        var password = separator < 0 ? null : Unescape(userInfo[(separator + 1)..]);
        if (password is null)
        {
            // As in redis://secret@host: a lone userinfo is the password.
            password = user;
            user = string.Empty;
        }

        options.User = user.Length > 0 ? user : null;
        options.Password = password.Length > 0 ? password : null;
    }

    private static EndPoint ReadEndPoint(string hostPort, int position)
    {
        if (hostPort.Length == 0)
        {
            throw Invalid($"sentinel address {position} is empty (host1:port1,host2:port2,...)");
        }

        string host;
        string? port = null;
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw Invalid($"sentinel address {position} lacks the ']' of its IPv6 address");
            }

            host = hostPort[1..close];
            var after = hostPort[(close + 1)..];
            if (after.Length > 0)
            {
                port = after.StartsWith(':') ? after[1..] : throw Invalid($"sentinel address {position} must be [address]:port");
            }
        }
        else
        {
            var colon = hostPort.LastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort[..colon];
            port = colon < 0 ? null : hostPort[(colon + 1)..];
        }

        if (host.Length == 0 || Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            // Not quoted: a URL missing its '@' would show its password here.
            throw Invalid($"sentinel address {position} is not a host name or address");
        }

        var number = DefaultSentinelPort;
        if (port is not null && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out number)
                                 || number is < 1 or > 65535))
        {
            throw Invalid($"the port of sentinel address {position} must be a number from 1 to 65535");
        }

        return IPAddress.TryParse(host, out var address) ? new IPEndPoint(address, number) : new DnsEndPoint(host, number);
    }

    /// <summary>python-socketio's reading of the path: <c>/db</c>, then <c>/masterName</c>; an empty db is the default.</summary>
    private static void ReadPath(string path, ConfigurationOptions options)
    {
        if (path.Length == 0)
        {
            return;
        }

        var parts = path.Split('/');
        if (parts.Length > 3)
        {
            throw Invalid("the path must be /db or /db/masterName");
        }

        if (parts[1].Length > 0)
        {
            if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var database))
            {
                throw Invalid($"the database must be a number, got '{Shorten(parts[1])}'");
            }

            options.DefaultDatabase = database;
        }

        if (parts.Length == 3 && parts[2].Length > 0)
        {
            var name = Unescape(parts[2]);
            if (name.Any(char.IsWhiteSpace) || name.Any(char.IsControl))
            {
                throw Invalid("the master name must not contain spaces or control characters");
            }

            options.ServiceName = name;
        }
    }

    private static string Unescape(string value)
    {
        try
        {
            return Uri.UnescapeDataString(value);
        }
        catch (UriFormatException)
        {
            throw Invalid("the user, password or master name is not valid percent-encoding");
        }
    }

    private static FormatException Invalid(string reason) => new($"not a redis+sentinel:// URL: {reason}");

    private static string Shorten(string value) => value.Length <= 64 ? value : value[..64] + "...";
}
