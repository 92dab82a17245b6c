using System.Globalization;
using StackExchange.Redis;

namespace Realtime.SocketIO.Redis.Recovery;

/// <summary>
/// One namespace's log of recent broadcasts: a Redis stream whose entry ids are the offsets clients see, bounded by
/// bytes (a counter kept next to it, trimmed exactly) and by age (entries older than the longest disconnection a
/// session survives serve nobody), both expiring when the namespace is idle that long.
/// </summary>
internal sealed class RecoveryLog(string prefix, string namespaceName, long maxBytes, TimeSpan maxAge)
{
    /// <summary>
    /// What an entry costs beyond its payload, counted against the cap: the stream's per-entry fields and its line in
    /// the sizes list (measured: see the README).
    /// </summary>
    public const int EntryOverheadBytes = 64;

    /// <summary>Entries read per round trip while replaying.</summary>
    private const int PageSize = 256;

    public RedisKey StreamKey { get; } = $"{prefix}#{namespaceName}#recovery-log";

    public RedisKey BytesKey { get; } = $"{prefix}#{namespaceName}#recovery-log-bytes";

    /// <summary>Each entry's time and size, oldest first: what the trim needs without reading the payloads.</summary>
    public RedisKey SizesKey { get; } = $"{prefix}#{namespaceName}#recovery-log-sizes";

    public long MaxBytes => maxBytes;

    /// <summary>The script's arguments after the channel and the message head.</summary>
    public RedisValue[] AppendArguments(string channel, byte[] head) =>
    [
        channel, head, maxBytes, (long)maxAge.TotalMilliseconds, EntryOverheadBytes,
    ];

    /// <summary>
    /// The entries after <paramref name="offset"/> page by page, oldest first, as (offset, head); null when the log no
    /// longer holds the offset (or, half-way, the last entry read), so a replay is complete or not at all.
    /// </summary>
    public async Task<List<(string Offset, byte[] Head)>?> ReadAfterAsync(IDatabaseAsync database, string offset,
        Func<long, bool> withinBudget, CancellationToken cancellationToken)
    {
        var entries = new List<(string, byte[])>();
        var cursor = offset;
        long bytes = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var reply = await database.ScriptEvaluateAsync(RecoveryScripts.ReadAfter, [StreamKey],
                [cursor, PageSize.ToString(CultureInfo.InvariantCulture)]);
            if (reply.IsNull)
            {
                return null;
            }

            var page = (RedisResult[])reply!;
            foreach (var entry in page)
            {
                var parts = (RedisResult[])entry!;
                var fields = (RedisResult[])parts[1]!;
                var head = (byte[])fields[1]!;
                bytes += head.Length;
                if (!withinBudget(bytes))
                {
                    return null;
                }

                cursor = (string)parts[0]!;
                entries.Add((cursor, head));
            }

            if (page.Length < PageSize)
            {
                return entries;
            }
        }
    }

    /// <summary>Whether a client's offset can be a stream id at all (anything else would make XRANGE fail).</summary>
    public static bool IsOffset(string offset)
    {
        var dash = offset.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && dash < offset.Length - 1 && offset.Length <= 41
               && offset.AsSpan(0, dash).IndexOfAnyExceptInRange('0', '9') < 0
               && offset.AsSpan(dash + 1).IndexOfAnyExceptInRange('0', '9') < 0;
    }
}
