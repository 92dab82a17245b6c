using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Realtime.SocketIO.Redis;

namespace Realtime.Server.Operations;

/// <summary>
/// <c>/healthz</c> (the process serves requests) and <c>/readyz</c> (send it new clients). Readiness is false
/// while draining, and, with a backplane, until it listens: both connections of every shard up and every wanted
/// channel confirmed by Redis. A pod that answers but cannot hear the others (a refused SUBSCRIBE, a killed
/// subscriber connection, Redis away) would give its new clients a third of their room's messages; the body says
/// why it is not ready. The price: while Redis is down every pod is unready, so new sessions wait for it.
/// </summary>
public static class HealthEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder endpoints, string podName)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok\n"));
        endpoints.MapGet("/readyz", (HttpContext context) =>
        {
            var drain = context.RequestServices.GetRequiredService<DrainState>();
            var backplane = context.RequestServices.GetService<IBackplaneHealth>();
            var listening = backplane is null || backplane.IsListening;
            var body = new ReadinessReport(
                Ready: !drain.IsDraining && listening,
                Draining: drain.IsDraining,
                Pod: podName,
                Backplane: backplane is null ? "not configured"
                    : backplane.State != BackplaneState.Connected ? "disconnected"
                    : listening ? "connected" : "not subscribed",
                BackplaneDetail: backplane?.Description,
                Reason: drain.IsDraining ? "draining" : listening ? null : "the backplane does not hear every channel this pod needs");
            return Results.Json(body, ReadinessJsonContext.Default.ReadinessReport,
                statusCode: body.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
    }
}
