namespace Realtime.SocketIO.Redis.Recovery;

/// <summary>
/// The Lua scripts of connection state recovery. Each runs atomically on the one Redis: the log's order is the
/// order every subscriber receives the broadcasts in, and a session is taken by exactly one server.
/// </summary>
internal static class RecoveryScripts
{
    /// <summary>
    /// KEYS: log stream, its byte count. ARGV: channel, message head (a MessagePack broadcast ending with the key
    /// <c>offset</c>), byte cap, max age in ms, bytes counted per entry beyond the head. Appends the head, trims the
    /// oldest entries past the byte cap or the age (exactly, so the count stays true), and publishes the head with the
    /// entry id as the offset's value (a MessagePack fixstr or str8). Returns the id.
    /// </summary>
    public const string Append = """
        local id = redis.call('XADD', KEYS[1], '*', 'm', ARGV[2])
        local overhead = tonumber(ARGV[5])
        local size = #ARGV[2] + overhead
        local bytes = redis.call('INCRBY', KEYS[2], size)
        if redis.call('XLEN', KEYS[1]) == 1 then
          bytes = size
          redis.call('SET', KEYS[2], size)
        end
        local cap = tonumber(ARGV[3])
        local maxAge = tonumber(ARGV[4])
        local now = tonumber(string.match(id, '^(%d+)'))
        local function tooOld(entryId) return tonumber(string.match(entryId, '^(%d+)')) < now - maxAge end
        local oldest = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
        if bytes > cap or tooOld(oldest[1][1]) then
          local last = nil
          local more = true
          while more do
            more = false
            local batch = redis.call('XRANGE', KEYS[1], last and ('(' .. last) or '-', '+', 'COUNT', 64)
            for _, entry in ipairs(batch) do
              if entry[1] == id or not (bytes > cap or tooOld(entry[1])) then
                more = false
                break
              end
              bytes = bytes - (#entry[2][2] + overhead)
              last = entry[1]
              more = true
            end
          end
          if last then
            local ms, seq = string.match(last, '^(%d+)-(%d+)$')
            redis.call('XTRIM', KEYS[1], 'MINID', ms .. '-' .. (tonumber(seq) + 1))
            redis.call('SET', KEYS[2], bytes)
          end
        end
        redis.call('PEXPIRE', KEYS[1], maxAge)
        redis.call('PEXPIRE', KEYS[2], maxAge)
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
