using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Realtime.EngineIO.Protocol;

/// <summary>Writes the error answers of the Node server: JSON for HTTP requests, plain text for WebSocket upgrades.</summary>
internal static class EngineErrorResponse
{
    public static string DefaultMessage(EngineErrorCode code) => code switch
    {
        EngineErrorCode.UnknownTransport => "Transport unknown",
        EngineErrorCode.UnknownSid => "Session ID unknown",
        EngineErrorCode.BadHandshakeMethod => "Bad handshake method",
        EngineErrorCode.BadRequest => "Bad request",
        EngineErrorCode.Forbidden => "Forbidden",
        EngineErrorCode.UnsupportedProtocolVersion => "Unsupported protocol version",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };

    /// <summary>
    /// HTTP: 403 for Forbidden, 400 otherwise, body <c>{"code":n,"message":"..."}</c>. WebSocket upgrade: always 400,
    /// <c>Connection: close</c>, the message as text/html, as the Node server answers.
    /// </summary>
    public static Task WriteAsync(HttpContext context, EngineErrorCode code, string? message = null,
        int? statusCode = null)
    {
        message ??= DefaultMessage(code);
        var response = context.Response;
        if (context.WebSockets.IsWebSocketRequest)
        {
            response.StatusCode = statusCode ?? StatusCodes.Status400BadRequest;
            response.Headers.Connection = "close";
            response.ContentType = "text/html";
            var text = Encoding.UTF8.GetBytes(message);
            response.ContentLength = text.Length;
            return response.Body.WriteAsync(text, 0, text.Length, context.RequestAborted);
        }

        response.StatusCode = statusCode ??
            (code == EngineErrorCode.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest);
        response.ContentType = "application/json";
        var body = JsonSerializer.SerializeToUtf8Bytes(new ErrorBody((int)code, message), EngineJsonContext.Default.ErrorBody);
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, 0, body.Length, context.RequestAborted);
    }
}
