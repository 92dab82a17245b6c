namespace Realtime.SocketIO.Redis.Recovery;

/// <summary>
/// The Lua scripts of connection state recovery. Each runs atomically on the one Redis: the log's order is the
/// order every subscriber receives the broadcasts in, and a session is taken by exactly one server.
/// </summary>
internal static class RecoveryScripts
{
    /// <summary>
    /// KEYS: log stream, its byte count, the list of its entries' "ms:bytes" (oldest first). ARGV: channel, message
    /// head (a MessagePack broadcast ending with the key <c>offset</c>), byte cap, max age in ms, bytes counted per
    /// entry beyond the head. Appends the head, trims the oldest entries past the byte cap or the age exactly (their
    /// sizes come from the list, so trimming never reads a payload), and publishes the head with the entry id as the
    /// offset's value (a MessagePack fixstr or str8). Returns the id.
    /// </summary>
    public const string Append = """
        local id = redis.call('XADD', KEYS[1], '*', 'm', ARGV[2])
        local size = #ARGV[2] + tonumber(ARGV[5])
        local now = tonumber(string.match(id, '^(%d+)'))
        local length = redis.call('XLEN', KEYS[1])
        local bytes
        if length == 1 then
          redis.call('DEL', KEYS[3])
          redis.call('SET', KEYS[2], size)
          bytes = size
        else
          bytes = redis.call('INCRBY', KEYS[2], size)
        end
        redis.call('RPUSH', KEYS[3], now .. ':' .. size)
        local cap = tonumber(ARGV[3])
        local oldestAllowed = now - tonumber(ARGV[4])
        local trimmed = 0
        while trimmed < length - 1 do
          local ms, entryBytes = string.match(redis.call('LINDEX', KEYS[3], 0), '^(%d+):(%d+)$')
          if bytes <= cap and tonumber(ms) >= oldestAllowed then break end
          redis.call('LPOP', KEYS[3])
          bytes = bytes - tonumber(entryBytes)
          trimmed = trimmed + 1
        end
        if trimmed > 0 then
          redis.call('XTRIM', KEYS[1], 'MAXLEN', length - trimmed)
          redis.call('SET', KEYS[2], bytes)
        end
        for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[4]) end
        local header = #id < 32 and string.char(0xa0 + #id) or string.char(0xd9, #id)
        redis.call('PUBLISH', ARGV[1], ARGV[2] .. header .. id)
        return id
        """;

    /// <summary>KEYS: session, log stream. ARGV: offset. The session, taken, if it exists and the offset is still logged.</summary>
    public const string TakeSession = """
        local session = redis.call('GETDEL', KEYS[1])
        if not session then return false end
        if #redis.call('XRANGE', KEYS[2], ARGV[1], ARGV[1]) == 0 then return false end
        return session
        """;

    /// <summary>
    /// KEYS: log stream. ARGV: cursor, count. The entries after the cursor; false when the cursor itself was trimmed
    /// meanwhile (what followed it may have gone too).
    /// </summary>
    public const string ReadAfter = """
        if #redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1]) == 0 then return false end
        return redis.call('XRANGE', KEYS[1], '(' .. ARGV[1], '+', 'COUNT', ARGV[2])
        """;
}
