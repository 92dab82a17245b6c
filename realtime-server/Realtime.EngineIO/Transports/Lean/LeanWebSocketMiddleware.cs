using System.IO.Pipelines;
using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Realtime.EngineIO.Transports.Lean;

/// <summary>
/// Kestrel connection middleware in front of the HTTP/1.1 server: it looks at a connection's first request head and,
/// when it is an Engine.IO WebSocket upgrade the <see cref="EngineServer"/> takes, answers 101 and serves the session
/// with a <see cref="PipeWebSocket"/> on the connection's own pipes. Kestrel's HTTP connection, request, response and
/// upgrade stream are then never created, and they are most of what an idle WebSocket costs on the ASP.NET Core
/// path. Every other connection (polling, health, metrics, refused upgrades, TLS, HTTP/2) goes to Kestrel with the
/// bytes it sent still unread.
/// </summary>
internal sealed class LeanWebSocketMiddleware(ConnectionDelegate next, ListenOptions listenOptions)
{
    /// <summary>A longer head (large cookies) goes to Kestrel, whose own limit is 32 KiB.</summary>
    internal const int MaxHeadLength = 8 * 1024;

    private static readonly byte[] RequestTimeout =
        "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"u8.ToArray();

    private EngineServer? _server;
    private TimeSpan _headTimeout;

    public Task OnConnectionAsync(ConnectionContext connection)
    {
        if (_server is null)
        {
            var services = listenOptions.ApplicationServices;
            _headTimeout = services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits.RequestHeadersTimeout;
            _server = services.GetRequiredService<EngineServer>();
        }

        if (_server.Options.WebSocketPath != EngineWebSocketPath.Lean ||
            (listenOptions.Protocols & HttpProtocols.Http1) == 0 ||
            connection.Features.Get<ITlsHandshakeFeature>() is not null)
        {
            return next(connection);
        }

        return PeekAsync(connection, _server);
    }

    private async Task PeekAsync(ConnectionContext connection, EngineServer server)
    {
        var input = connection.Transport.Input;
        var (outcome, head, length) = await ReadHeadAsync(input);
        if (outcome == HeadOutcome.TimedOut)
        {
            // As Kestrel answers a request head that does not arrive within its RequestHeadersTimeout.
            await connection.Transport.Output.WriteAsync(RequestTimeout);
            return;
        }

        if (head is null ||
            server.TryTakeLeanUpgrade(head, (connection.RemoteEndPoint as IPEndPoint)?.Address) is not { } upgrade)
        {
            await next(connection);
            return;
        }

        var read = await input.ReadAsync();
        input.AdvanceTo(read.Buffer.GetPosition(length));
        await ServeAsync(connection, upgrade, head);
    }

    /// <summary>
    /// Reads until the head is complete, known not to be a lean upgrade, or out of time; nothing is consumed, so
    /// Kestrel reads the same bytes if the connection goes to it.
    /// </summary>
    private async Task<(HeadOutcome Outcome, UpgradeRequestHead? Head, int Length)> ReadHeadAsync(PipeReader input)
    {
        using var timeout = new CancellationTokenSource(_headTimeout);
        var received = false;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                // A connection that sent nothing yet is Kestrel's to keep alive or time out; a partial head is not.
                return (received ? HeadOutcome.TimedOut : HeadOutcome.Read, null, 0);
            }

            var buffer = result.Buffer;
            received |= !buffer.IsEmpty;
            var peek = UpgradeRequestHead.TryParse(buffer, MaxHeadLength, out var head, out var length);
            if (peek != PeekOutcome.NeedMore || result.IsCompleted || result.IsCanceled)
            {
                input.AdvanceTo(buffer.Start);
                return (HeadOutcome.Read, head, length);
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static async Task ServeAsync(ConnectionContext connection, LeanUpgrade upgrade, UpgradeRequestHead head)
    {
        var output = connection.Transport.Output;
        try
        {
            await output.WriteAsync(SwitchingProtocolsResponse.Create(head.WebSocketKey, upgrade.SetCookie),
                upgrade.Connection.ClosedToken);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or WebSocketException)
        {
            WebSocketTransport.FailBeforeServing(upgrade.Connection, upgrade.OpenPacket);
            return;
        }

        var stream = new SerializedUpgradeStream(output.AsStream(leaveOpen: true));
        var webSocket = new PipeWebSocket(connection.Transport.Input, stream, connection.Abort);
        await WebSocketTransport.ServeAsync(upgrade.Connection, webSocket, stream, upgrade.OpenPacket);
    }

    /// <summary>Read: a head was looked at (an upgrade head when one is returned); TimedOut: part of one came in time.</summary>
    private enum HeadOutcome
    {
        Read,
        TimedOut,
    }
}
