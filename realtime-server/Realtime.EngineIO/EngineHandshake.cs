using System.Net;

namespace Realtime.EngineIO;

/// <summary>What the handshake request carried, kept for the life of the session.</summary>
public sealed class EngineHandshake
{
    internal EngineHandshake(IReadOnlyDictionary<string, string> headers, IReadOnlyDictionary<string, string> query,
        IPAddress? remoteAddress, string url, bool secure, DateTimeOffset issued)
    {
        Headers = headers;
        Query = query;
        RemoteAddress = remoteAddress;
        Url = url;
        Secure = secure;
        Issued = issued;
    }

    /// <summary>Request headers, names in lower case, repeated values joined by <c>, </c>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>Query parameters of the handshake URL (including <c>EIO</c> and <c>transport</c>).</summary>
    public IReadOnlyDictionary<string, string> Query { get; }

    public IPAddress? RemoteAddress { get; }

    /// <summary>Path and query of the handshake request.</summary>
    public string Url { get; }

    /// <summary>Whether the handshake came over HTTPS.</summary>
    public bool Secure { get; }

    public DateTimeOffset Issued { get; }
}
