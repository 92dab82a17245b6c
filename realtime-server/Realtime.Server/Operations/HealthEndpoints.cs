using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Realtime.SocketIO.Redis;

namespace Realtime.Server.Operations;

/// <summary>
/// <c>/healthz</c> (the process serves requests) and <c>/readyz</c> (send it new clients). Readiness is false
/// while draining. The backplane state is reported but does not fail readiness: when Redis is down every pod
/// would go unready together and the Service would lose all its endpoints, while each pod can still serve its own
/// clients and local broadcasts.
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
            var body = new ReadinessReport(
                Ready: !drain.IsDraining,
                Draining: drain.IsDraining,
                Pod: podName,
                Backplane: backplane is null ? "not configured" : backplane.State == BackplaneState.Connected ? "connected" : "disconnected",
                BackplaneDetail: backplane?.Description);
            return Results.Json(body, ReadinessJsonContext.Default.ReadinessReport,
                statusCode: body.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
    }
}
