namespace Realtime.Server.Configuration;

/// <summary>
/// Splits <c>REDIS_URLS</c> (one URL per shard) at a comma only where the next URL's scheme begins, so the sentinel
/// host list inside a <c>redis+sentinel://</c> URL stays whole; a plain list of <c>redis://</c> URLs splits as before.
/// </summary>
internal static class RedisUrlList
{
    private static readonly string[] Schemes = ["redis://", "rediss://", "redis+sentinel://", "rediss+sentinel://"];

    public static IReadOnlyList<string> Split(string raw)
    {
        var urls = new List<string>();
        var start = 0;
        for (var comma = raw.IndexOf(',', StringComparison.Ordinal); comma >= 0; comma = raw.IndexOf(',', comma + 1))
        {
            if (StartsWithScheme(raw.AsSpan(comma + 1).TrimStart()))
            {
                Add(urls, raw[start..comma]);
                start = comma + 1;
            }
        }

        Add(urls, raw[start..]);
        return urls;
    }

    private static bool StartsWithScheme(ReadOnlySpan<char> text)
    {
        foreach (var scheme in Schemes)
        {
            if (text.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static void Add(List<string> urls, string url)
    {
        // Empty entries (",," or a trailing comma) were skipped by the plain comma split and still are.
        var trimmed = url.Trim().TrimEnd(',').Trim();
        if (trimmed.Length > 0)
        {
            urls.Add(trimmed);
        }
    }
}
