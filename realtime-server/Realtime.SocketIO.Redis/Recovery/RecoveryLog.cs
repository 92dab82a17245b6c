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
    public const int PageSize = 256;

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
    /// Up to <see cref="PageSize"/> entries after <paramref name="cursor"/>, oldest first, as (offset, head); null when
    /// the log no longer holds the cursor itself (what followed it may be gone too).
    /// </summary>
    public async Task<IReadOnlyList<(string Offset, byte[] Head)>?> ReadPageAsync(IDatabaseAsync database, string cursor)
    {
        var reply = await database.ScriptEvaluateAsync(RecoveryScripts.ReadAfter, [StreamKey],
            [cursor, PageSize.ToString(CultureInfo.InvariantCulture)]);
        if (reply.IsNull)
        {
            return null;
        }

        return [.. ((RedisResult[])reply!).Select(entry =>
        {
            var parts = (RedisResult[])entry!;
            return ((string)parts[0]!, (byte[])((RedisResult[])parts[1]!)[1]!);
        })];
    }
}
