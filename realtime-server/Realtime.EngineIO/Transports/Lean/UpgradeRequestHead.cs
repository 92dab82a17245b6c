using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Realtime.EngineIO.Transports.Lean;

/// <summary>
/// The head of an HTTP/1.1 WebSocket upgrade request (RFC 6455 section 4.2.1), read from the first bytes of a
/// connection. Only a plain, well-formed upgrade parses; anything else (another method, HTTP/2, TLS, a long or odd
/// head) is <see cref="PeekOutcome.NotLean"/> and goes to Kestrel untouched, whose parser answers it as before.
/// </summary>
internal sealed class UpgradeRequestHead
{
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] Get = "GET "u8.ToArray();

    private UpgradeRequestHead(string target, string path, string queryString, List<KeyValuePair<string, string>> headers,
        Dictionary<string, StringValues> query, string key)
    {
        Target = target;
        Path = path;
        QueryString = queryString;
        Headers = headers;
        Query = query;
        WebSocketKey = key;
    }

    /// <summary>Path and query as sent.</summary>
    public string Target { get; }

    public string Path { get; }

    /// <summary>The query with its <c>?</c>, or empty.</summary>
    public string QueryString { get; }

    /// <summary>Header names as sent, values of repeated headers joined by <c>,</c> as <see cref="StringValues"/> joins them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    public IReadOnlyDictionary<string, StringValues> Query { get; }

    public string WebSocketKey { get; }

    public StringValues Header(string name)
    {
        var values = StringValues.Empty;
        foreach (var (key, value) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                values = StringValues.Concat(values, value);
            }
        }

        return values;
    }

    public string QueryValue(string name) => Query.TryGetValue(name, out var value) ? value.ToString() : "";

    /// <summary>
    /// Looks at what has arrived: a complete upgrade head (its length in <paramref name="length"/>), not one, or not
    /// yet known. Never reads past <paramref name="maxLength"/> bytes.
    /// </summary>
    public static PeekOutcome TryParse(ReadOnlySequence<byte> input, int maxLength, out UpgradeRequestHead? head,
        out int length)
    {
        head = null;
        length = 0;
        var window = input.Length > maxLength ? input.Slice(0, maxLength) : input;
        Span<byte> start = stackalloc byte[Get.Length];
        var prefix = (int)Math.Min(window.Length, Get.Length);
        window.Slice(0, prefix).CopyTo(start);
        if (!Get.AsSpan(0, prefix).SequenceEqual(start[..prefix]))
        {
            return PeekOutcome.NotLean;
        }

        var reader = new SequenceReader<byte>(window);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> headBytes, HeadEnd, advancePastDelimiter: true))
        {
            return window.Length >= maxLength ? PeekOutcome.NotLean : PeekOutcome.NeedMore;
        }

        length = (int)reader.Consumed;
        head = Parse(headBytes);
        return head is null ? PeekOutcome.NotLean : PeekOutcome.Upgrade;
    }

    private static UpgradeRequestHead? Parse(ReadOnlySequence<byte> bytes)
    {
        // Kestrel refuses non-ASCII and control characters in a request head; such a head is left to it.
        foreach (var segment in bytes)
        {
            if (HasForbidden(segment.Span))
            {
                return null;
            }
        }

        var text = Encoding.ASCII.GetString(bytes);
        var lines = text.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || requestLine[0] != "GET" || requestLine[2] != "HTTP/1.1" ||
            !requestLine[1].StartsWith('/') || requestLine[1].Contains('#'))
        {
            return null;
        }

        var target = requestLine[1];
        var queryStart = target.IndexOf('?', StringComparison.Ordinal);
        var path = queryStart < 0 ? target : target[..queryStart];
        // An escaped path is compared decoded by ASP.NET Core's routing; it is left to that.
        if (path.Contains('%'))
        {
            return null;
        }

        var queryString = queryStart < 0 ? "" : target[queryStart..];
        var headers = new List<KeyValuePair<string, string>>(lines.Length - 1);
        for (var i = 1; i < lines.Length; i++)
        {
            var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            // No obsolete line folding, no empty or padded names (RFC 9112 section 5).
            if (colon <= 0 || lines[i][0] is ' ' or '\t' || lines[i][colon - 1] is ' ' or '\t')
            {
                return null;
            }

            var name = lines[i][..colon];
            if (name.AsSpan().ContainsAny("()<>@,;\\\"/[]?={} "))
            {
                return null;
            }

            headers.Add(KeyValuePair.Create(name, lines[i][(colon + 1)..].Trim(' ', '\t')));
        }

        var combined = Combine(headers);
        string Single(string name) =>
            combined.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value ?? "";
        var key = Single("Sec-WebSocket-Key");
        if (!HasToken(Single("Upgrade"), "websocket") || !HasToken(Single("Connection"), "upgrade") ||
            Single("Sec-WebSocket-Version") != "13" || !IsWebSocketKey(key) || Single("Host").Length == 0 ||
            Single("Content-Length").Length > 0 || Single("Transfer-Encoding").Length > 0 ||
            headers.Count(h => string.Equals(h.Key, "Host", StringComparison.OrdinalIgnoreCase)) != 1)
        {
            return null;
        }

        return new UpgradeRequestHead(target, path, queryString, headers, QueryHelpers.ParseQuery(queryString), key);
    }

    private static bool HasForbidden(ReadOnlySpan<byte> span)
    {
        foreach (var b in span)
        {
            if (b is > 0x7E or < 0x20 and not (byte)'\r' and not (byte)'\n' and not (byte)'\t')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Repeated headers as one entry each, joined like <see cref="StringValues.ToString"/>.</summary>
    internal static List<KeyValuePair<string, string>> Combine(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var combined = new List<KeyValuePair<string, string>>(headers.Count);
        foreach (var (name, value) in headers)
        {
            var index = combined.FindIndex(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                combined.Add(KeyValuePair.Create(name, value));
            }
            else
            {
                combined[index] = KeyValuePair.Create(combined[index].Key, $"{combined[index].Value},{value}");
            }
        }

        return combined;
    }

    private static bool HasToken(string value, string token)
    {
        foreach (var part in value.Split(','))
        {
            if (string.Equals(part.Trim(' ', '\t'), token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Section 4.2.1 item 5: base64 of 16 bytes.</summary>
    private static bool IsWebSocketKey(string key)
    {
        Span<byte> decoded = stackalloc byte[18];
        return key.Length == 24 && Convert.TryFromBase64String(key, decoded, out var written) && written == 16;
    }
}

/// <summary>What the first bytes of a connection are, as far as the lean path is concerned.</summary>
internal enum PeekOutcome
{
    NeedMore,
    NotLean,
    Upgrade,
}
