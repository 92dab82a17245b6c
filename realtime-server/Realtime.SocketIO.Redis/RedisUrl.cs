using System.Globalization;

namespace Realtime.SocketIO.Redis;

/// <summary>Turns the <c>redis://</c> / <c>rediss://</c> URLs of <c>REDIS_URL</c> into StackExchange.Redis configuration.</summary>
public static class RedisUrl
{
    /// <summary>
    /// <c>redis://[user][:password]@host[:port][/db]</c> becomes <c>host:port,user=..,password=..,defaultDatabase=..</c>;
    /// <c>rediss://</c> adds <c>ssl=true</c>. Anything not starting with a scheme is taken as a configuration string.
    /// </summary>
    public static string ToConfiguration(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        var trimmed = value.Trim();
        if (!trimmed.Contains("://", StringComparison.Ordinal))
        {
            return trimmed;
        }

        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || (uri.Scheme != "redis" && uri.Scheme != "rediss")
            || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException($"'{Redact(trimmed)}' is not a redis:// or rediss:// URL");
        }

        var port = uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port;
        var host = uri.HostNameType == UriHostNameType.IPv6 ? $"[{uri.IdnHost}]" : uri.IdnHost;
        var parts = new List<string> { $"{host}:{port.ToString(CultureInfo.InvariantCulture)}" };
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

            if (user.Length > 0)
            {
                parts.Add("user=" + user);
            }

            parts.Add("password=" + password);
        }

        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            if (!int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out var database))
            {
                throw new FormatException($"'{Redact(trimmed)}': the path must be a database number");
            }

            parts.Add("defaultDatabase=" + database.ToString(CultureInfo.InvariantCulture));
        }

        if (uri.Scheme == "rediss")
        {
            parts.Add("ssl=true");
        }

        return string.Join(',', parts);
    }

    /// <summary>A URL fit for a log line or an error message: the password replaced.</summary>
    public static string Redact(string value)
    {
        var at = value.LastIndexOf('@');
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        return at > 0 && scheme >= 0 && at > scheme ? value[..(scheme + 3)] + "***" + value[at..] : value;
    }
}
