using System.Buffers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Server.Operations;

namespace Realtime.Server.Api;

/// <summary>
/// <c>POST /api/v1/emit</c>: a backend publishes <c>{event, data, room? | rooms?, namespace?}</c> with
/// <c>Authorization: Bearer &lt;API_TOKEN&gt;</c>. Without a configured token the API is off (403). Answers 202
/// <c>{"ok":true}</c> once the broadcast is handed to the adapter; errors are <c>{"error":"..."}</c>.
/// </summary>
public static class EmitEndpoint
{
    public const string Path = "/api/v1/emit";

    public static void MapEmitEndpoint(this IEndpointRouteBuilder endpoints, string? apiToken, int maxBodyBytes)
    {
        var token = apiToken is null ? null : new BearerToken(apiToken);
        endpoints.MapPost(Path, async context =>
        {
            var metrics = context.RequestServices.GetRequiredService<ServerMetrics>();
            var (status, message, outcome) = await HandleAsync(context, token, maxBodyBytes);
            metrics.ApiEmit(outcome);
            if (status == StatusCodes.Status401Unauthorized)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
            }

            var body = status == StatusCodes.Status202Accepted ? new JsonObject { ["ok"] = true } : new JsonObject { ["error"] = message };
            context.Response.StatusCode = status;
            await context.Response.WriteAsJsonAsync(body, context.RequestAborted);
        });
    }

    private static async Task<(int Status, string? Message, string Outcome)> HandleAsync(HttpContext context, BearerToken? token,
        int maxBodyBytes)
    {
        if (token is null)
        {
            return (StatusCodes.Status403Forbidden, "the publish API is disabled: set API_TOKEN or API_TOKEN_FILE to enable it", "disabled");
        }

        if (!token.Matches(context.Request.Headers.Authorization))
        {
            return (StatusCodes.Status401Unauthorized, "missing or wrong bearer token", "unauthorized");
        }

        var body = await ReadBodyAsync(context.Request, maxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return (StatusCodes.Status413PayloadTooLarge, $"the body exceeds {maxBodyBytes} bytes (MAX_HTTP_BUFFER_SIZE)", "invalid");
        }

        var parsed = EmitRequestParser.Parse(body.WrittenSpan);
        if (parsed.Command is null)
        {
            return (StatusCodes.Status400BadRequest, parsed.Problem, "invalid");
        }

        var broadcaster = context.RequestServices.GetRequiredService<IEmitBroadcaster>();
        if (broadcaster.Emit(parsed.Command) is { } refusal)
        {
            return (StatusCodes.Status400BadRequest, refusal, "invalid");
        }

        return (StatusCodes.Status202Accepted, null, "accepted");
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes; null when the body is larger.</summary>
    private static async Task<ArrayBufferWriter<byte>?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellation)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var read = await request.Body.ReadAsync(buffer.GetMemory(4096), cancellation);
            if (read == 0)
            {
                return buffer;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                return null;
            }
        }
    }
}
