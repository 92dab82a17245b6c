using System.Globalization;
using System.Net;
using Realtime.SocketIO.Redis.Sentinel;
using StackExchange.Redis;

namespace Realtime.SocketIO.Redis;

/// <summary>Turns the <c>redis://</c> / <c>rediss://</c> / <c>redis+sentinel://</c> URLs of <c>REDIS_URL</c> into StackExchange.Redis options.</summary>
public static class RedisUrl
{
    /// <summary>
    /// <c>redis://[user][:password]@host[:port][/db]</c> (user and password URL-encoded) becomes options built from
    /// those parts, never a configuration string: a password is pasted nowhere, so a <c>,</c> or <c>=</c> in it can
    /// neither split it nor add options. <c>rediss://</c> turns TLS on. Anything without a scheme is taken as a
    /// StackExchange.Redis configuration string, whose syntax is the caller's. <c>redis+sentinel://</c> (see
    /// <see cref="SentinelUrl"/>) gives the sentinels as endpoints and the master name as
    /// <see cref="ConfigurationOptions.ServiceName"/>.
    /// </summary>
    public static ConfigurationOptions ToOptions(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        var trimmed = value.Trim();
        if (!trimmed.Contains("://", StringComparison.Ordinal))
        {
            return ParseConfigurationString(trimmed);
        }

        if (SentinelUrl.IsSentinel(trimmed))
        {
            return SentinelUrl.Parse(trimmed);
        }

        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || (uri.Scheme != "redis" && uri.Scheme != "rediss")
            || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException($"'{Redact(trimmed)}' is not a redis:// or rediss:// URL");
        }

        var options = new ConfigurationOptions { Ssl = uri.Scheme == "rediss" };
        var port = uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port;
        options.EndPoints.Add(uri.HostNameType == UriHostNameType.IPv6
            ? new IPEndPoint(IPAddress.Parse(uri.DnsSafeHost), port)
            : new DnsEndPoint(uri.IdnHost, port));
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var separator = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            var user = Uri.UnescapeDataString(separator < 0 ? uri.UserInfo : uri.UserInfo[..separator]);
            var password = separator < 0 ? null : Uri.UnescapeDataString(uri.UserInfo[(separator + 1)..]);
            if (password is null)
            {
                // redis://secret@host is the common shorthand for a password without a user.
                password = user;
                user = string.Empty;
            }

            options.User = user.Length > 0 ? user : null;
            options.Password = password;
        }

        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            if (!int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out var database))
            {
                throw new FormatException($"'{Redact(trimmed)}': the path must be a database number");
            }

            options.DefaultDatabase = database;
        }

        return options;
    }

    /// <summary>True for <c>redis+sentinel://</c> and <c>rediss+sentinel://</c>: the master is found through Sentinel.</summary>
    public static bool IsSentinel(string value) => SentinelUrl.IsSentinel(value.Trim());

    /// <summary>A URL fit for a log line or an error message: the user and password replaced.</summary>
    public static string Redact(string value)
    {
        var at = value.LastIndexOf('@');
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        return at > 0 && scheme >= 0 && at > scheme ? value[..(scheme + 3)] + "***" + value[at..] : value;
    }

    /// <summary>Where a shard is, for logs and readiness: host and port only, whatever credentials it has.</summary>
    public static string Describe(EndPoint endpoint) => endpoint switch
    {
        DnsEndPoint dns => $"{dns.Host}:{dns.Port.ToString(CultureInfo.InvariantCulture)}",
        IPEndPoint ip => ip.ToString(),
        _ => endpoint.AddressFamily.ToString(),
    };

    private static ConfigurationOptions ParseConfigurationString(string configuration)
    {
        try
        {
            return ConfigurationOptions.Parse(configuration);
        }
        catch (ArgumentException)
        {
            // The message would quote the offending part, which may be (a piece of) the password.
            throw new FormatException("the Redis configuration string is invalid (not shown: it may hold a password)");
        }
    }
}
