using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Realtime.EngineIO.Protocol;
using Realtime.EngineIO.Transports;
using Realtime.EngineIO.Transports.Lean;

namespace Realtime.EngineIO;

/// <summary>The Engine.IO server: the session table and the request entry point behind <c>MapEngineIO</c>.</summary>
public sealed class EngineServer
{
    private readonly ConcurrentDictionary<string, EngineConnection> _sessions = new(StringComparer.Ordinal);
    private readonly IServiceProvider _services;
    private readonly CorsHeaders _cors;
    private readonly OriginPolicy _origins;
    private readonly ClientClosedSessions _clientClosed = new(10_000, TimeSpan.FromSeconds(10), TimeProvider.System);
    private readonly bool _polling;
    private readonly bool _webSocket;
    private IEngineConnectionHandler? _handler;
    private volatile bool _acceptingHandshakes = true;

    internal EngineServer(EngineIOOptions options, IServiceProvider services, ILogger<EngineServer> logger,
        EngineMetrics metrics)
    {
        Options = options;
        _services = services;
        Logger = logger;
        Metrics = metrics;
        _cors = new CorsHeaders(options);
        _origins = new OriginPolicy(options);
        Budget = new ServerByteBudget(options.MaxBufferedBytes);
        LargeReceiveBuffers = new LargeReceiveBufferPool(options.MaxHttpBufferSize);
        _polling = options.Transports.Contains(EngineTransportNames.Polling);
        _webSocket = options.Transports.Contains(EngineTransportNames.WebSocket);
    }

    public EngineIOOptions Options { get; }

    /// <summary>Open sessions.</summary>
    public int ConnectionCount => _sessions.Count;

    /// <summary>The open sessions, enumerated without locking the table (e.g. to close them gradually while draining).</summary>
    public IEnumerable<EngineConnection> Connections => _sessions.Select(static pair => pair.Value);

    /// <summary>False while draining: new handshakes get 503 with <c>{"code":4,"message":"Server is draining"}</c>.</summary>
    public bool AcceptingHandshakes
    {
        get => _acceptingHandshakes;
        set => _acceptingHandshakes = value;
    }

    internal ILogger Logger { get; }

    internal EngineMetrics Metrics { get; }

    /// <summary>Bytes held for clients across all connections (large frames being received, outbound messages).</summary>
    internal ServerByteBudget Budget { get; }

    /// <summary>Bytes the server holds for its clients now, counted against <see cref="EngineIOOptions.MaxBufferedBytes"/>.</summary>
    public long BufferedBytes => Budget.Held;

    internal LargeReceiveBufferPool LargeReceiveBuffers { get; }

    // Resolved on first use so the handler may itself depend on the EngineServer.
    internal IEngineConnectionHandler Handler =>
        _handler ??= _services.GetRequiredService<IEngineConnectionHandler>();

    public bool TryGetConnection(string id, out EngineConnection connection) =>
        _sessions.TryGetValue(id, out connection!);

    /// <summary>Closes every session (queued messages are written first).</summary>
    public void CloseAll(string reason = EngineCloseReasons.ServerShuttingDown)
    {
        foreach (var (_, connection) in _sessions)
        {
            connection.Close(reason);
        }
    }

    /// <summary>The client closed this polling session: a GET it sent with the close is still answered.</summary>
    internal void RememberClientClose(EngineConnection connection) => _clientClosed.Add(connection.Id);

    internal void Remove(EngineConnection connection, string reason)
    {
        if (_sessions.TryRemove(new KeyValuePair<string, EngineConnection>(connection.Id, connection)))
        {
            Metrics.Closed(reason);
            EngineLog.Closed(Logger, connection.Id, reason);
        }
    }

    // Neither this nor the handshake awaits: a WebSocket session's request runs for the session's life, and every
    // async frame still waiting in it would stay allocated per connection.
    internal Task HandleRequestAsync(HttpContext context)
    {
        if (_cors.Apply(context))
        {
            return Task.CompletedTask;
        }

        var query = context.Request.Query;
        var transport = query["transport"].ToString();
        if (!(transport == EngineTransportNames.Polling ? _polling : transport == EngineTransportNames.WebSocket && _webSocket))
        {
            return RefuseAsync(context, EngineErrorCode.UnknownTransport);
        }

        if (HasInvalidOrigin(context.Request.Headers.Origin))
        {
            return RefuseAsync(context, EngineErrorCode.BadRequest);
        }

        if (!_origins.Allows(context.Request))
        {
            return RefuseAsync(context, EngineErrorCode.Forbidden, "Origin not allowed", StatusCodes.Status403Forbidden);
        }

        var isWebSocket = context.WebSockets.IsWebSocketRequest;
        if (isWebSocket != (transport == EngineTransportNames.WebSocket))
        {
            return RefuseAsync(context, EngineErrorCode.BadRequest);
        }

        var sid = query["sid"].ToString();
        if (sid.Length == 0)
        {
            return HandshakeAsync(context, transport);
        }

        if (!_sessions.TryGetValue(sid, out var connection))
        {
            return !isWebSocket && HttpMethods.IsGet(context.Request.Method) && _clientClosed.TryTake(sid)
                ? PollingTransport.AnswerClosedAsync(context)
                : RefuseAsync(context, EngineErrorCode.UnknownSid);
        }

        if (isWebSocket)
        {
            if (!Options.AllowUpgrades)
            {
                return RefuseAsync(context, EngineErrorCode.BadRequest);
            }

            // As the reference server: a WebSocket for a session that is upgrading or upgraded already completes its
            // handshake and is then closed, so the client sees a closed socket rather than a failed HTTP request.
            return connection.TryBeginProbe()
                ? WebSocketTransport.RunAsync(context, connection, openPacket: null)
                : WebSocketTransport.AcceptAndCloseAsync(context);
        }

        if (connection.Transport != transport)
        {
            return RefuseAsync(context, EngineErrorCode.BadRequest);
        }

        if (HttpMethods.IsGet(context.Request.Method))
        {
            return PollingTransport.PollAsync(context, connection);
        }

        return HttpMethods.IsPost(context.Request.Method)
            ? PollingTransport.PostAsync(context, connection)
            : RefuseAsync(context, EngineErrorCode.BadRequest);
    }

    /// <summary>
    /// The lean path's share of <see cref="HandleRequestAsync"/>: a WebSocket upgrade that would succeed there is taken
    /// here (a new session registered, or a polling session's probe begun); null for every other request, refusals
    /// included, which then reach <see cref="HandleRequestAsync"/> through Kestrel unchanged and are answered by the
    /// same code as before. A handshake with <see cref="EngineIOOptions.AllowRequest"/> set needs an HttpContext and
    /// takes that path too.
    /// </summary>
    internal LeanUpgrade? TryTakeLeanUpgrade(UpgradeRequestHead head, IPAddress? remoteAddress)
    {
        if (!_webSocket || !IsEnginePath(head.Path) || head.QueryValue("transport") != EngineTransportNames.WebSocket)
        {
            return null;
        }

        var origins = head.Header("Origin");
        if (HasInvalidOrigin(origins) || !_origins.Allows(origins, new HostString(head.Header("Host").ToString())))
        {
            return null;
        }

        var sid = head.QueryValue("sid");
        if (sid.Length == 0)
        {
            if (!_acceptingHandshakes || Options.AllowRequest is not null || head.QueryValue("EIO") != "4")
            {
                return null;
            }

            var connection = Register(EngineHandshakeFactory.From(head, remoteAddress), EngineTransportNames.WebSocket);
            return new LeanUpgrade(connection, HandshakePacket.Create(connection.Id, false, Options),
                Options.CookieName is { } cookieName ? SessionCookie.Header(cookieName, connection.Id, secure: false) : null);
        }

        return Options.AllowUpgrades && _sessions.TryGetValue(sid, out var probing) && probing.TryBeginProbe()
            ? new LeanUpgrade(probing, null, null)
            : null;
    }

    private bool IsEnginePath(string path) =>
        string.Equals(path.TrimEnd('/'), Options.Path.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private Task HandshakeAsync(HttpContext context, string transport)
    {
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            return RefuseAsync(context, EngineErrorCode.BadHandshakeMethod);
        }

        if (!_acceptingHandshakes)
        {
            context.Response.Headers.RetryAfter = "1";
            return RefuseAsync(context, EngineErrorCode.Forbidden, "Server is draining",
                StatusCodes.Status503ServiceUnavailable);
        }

        return Options.AllowRequest is { } allowRequest
            ? HandshakeWhenAllowedAsync(context, transport, allowRequest)
            : OpenSessionAsync(context, transport);
    }

    private async Task HandshakeWhenAllowedAsync(HttpContext context, string transport,
        Func<HttpContext, ValueTask<string?>> allowRequest)
    {
        if (await allowRequest(context) is { } rejection)
        {
            await RefuseAsync(context, EngineErrorCode.Forbidden, rejection);
            return;
        }

        await OpenSessionAsync(context, transport);
    }

    private Task OpenSessionAsync(HttpContext context, string transport)
    {
        if (context.Request.Query["EIO"] != "4")
        {
            return RefuseAsync(context, EngineErrorCode.UnsupportedProtocolVersion);
        }

        var connection = Register(EngineHandshakeFactory.From(context), transport);
        var openPacket = HandshakePacket.Create(connection.Id,
            transport == EngineTransportNames.Polling && Options.AllowUpgrades && _webSocket, Options);
        if (Options.CookieName is { } cookieName)
        {
            context.Response.Cookies.Append(cookieName, connection.Id, new CookieOptions
            {
                Path = "/",
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = context.Request.IsHttps,
            });
        }

        if (transport == EngineTransportNames.WebSocket)
        {
            return WebSocketTransport.RunAsync(context, connection, openPacket);
        }

        connection.DispatchOpen();
        connection.Start();
        return PollingTransport.WriteHandshakeAsync(context, openPacket);
    }

    private EngineConnection Register(EngineHandshake handshake, string transport)
    {
        while (true)
        {
            var connection = new EngineConnection(this, SessionId.New(), transport, handshake);
            if (_sessions.TryAdd(connection.Id, connection))
            {
                Metrics.Opened();
                EngineLog.Opened(Logger, connection.Id, transport);
                return connection;
            }
        }
    }

    private Task RefuseAsync(HttpContext context, EngineErrorCode code, string? message = null, int? statusCode = null)
    {
        EngineLog.Refused(Logger, (int)code, message ?? EngineErrorResponse.DefaultMessage(code));
        return EngineErrorResponse.WriteAsync(context, code, message, statusCode);
    }

    private static bool HasInvalidOrigin(Microsoft.Extensions.Primitives.StringValues origins)
    {
        foreach (var origin in origins)
        {
            foreach (var c in origin ?? "")
            {
                if (c is < ' ' and not '\t' or '\x7f' or > '\xff')
                {
                    return true;
                }
            }
        }

        return false;
    }
}
