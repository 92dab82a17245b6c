using System.Collections.Frozen;

namespace Realtime.EngineIO;

/// <summary>
/// Lower-cases request header names for <see cref="EngineHandshake.Headers"/> without a new string per header per
/// session: the names browsers and proxies send are kept once, lower-cased.
/// </summary>
internal static class LowerCaseHeaderNames
{
    private static readonly FrozenDictionary<string, string> Common = new[]
    {
        "accept", "accept-encoding", "accept-language", "authorization", "cache-control", "connection", "content-length",
        "content-type", "cookie", "forwarded", "host", "origin", "pragma", "referer", "sec-fetch-dest", "sec-fetch-mode",
        "sec-fetch-site", "sec-websocket-extensions", "sec-websocket-key", "sec-websocket-protocol",
        "sec-websocket-version", "traceparent", "upgrade", "user-agent", "x-forwarded-for", "x-forwarded-host",
        "x-forwarded-port", "x-forwarded-proto", "x-forwarded-scheme", "x-real-ip", "x-request-id", "x-scheme",
    }.ToFrozenDictionary(name => name, StringComparer.OrdinalIgnoreCase);

    public static string Of(string name) =>
        Common.TryGetValue(name, out var lower) ? lower : name.ToLowerInvariant();
}
