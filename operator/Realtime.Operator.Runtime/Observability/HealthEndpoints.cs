using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Prometheus;

namespace Realtime.Operator.Runtime.Observability;

/// <summary>
/// /healthz (liveness: the watches make progress) and /readyz (the process serves) on the health port, /metrics on
/// the metrics port; each answers only on its own port, so a NetworkPolicy can open one without the other.
/// </summary>
public static class HealthEndpoints
{
    /// <param name="isAlive">False when a watch is stuck; the kubelet then restarts the pod.</param>
    /// <param name="isReady">False until the process has started its controller or its election campaign.</param>
    public static IEndpointRouteBuilder MapOperatorEndpoints(
        this IEndpointRouteBuilder endpoints, Func<bool> isAlive, Func<bool> isReady, CollectorRegistry registry, int healthPort, int metricsPort)
    {
        endpoints.MapGet("/healthz", () => isAlive() ? Results.Text("ok") : Results.Text("watch stalled", statusCode: StatusCodes.Status503ServiceUnavailable))
            .AddEndpointFilter(OnlyOnPort(healthPort));
        endpoints.MapGet("/readyz", () => isReady() ? Results.Text("ok") : Results.Text("starting", statusCode: StatusCodes.Status503ServiceUnavailable))
            .AddEndpointFilter(OnlyOnPort(healthPort));
        endpoints.MapGet("/metrics", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
        }).AddEndpointFilter(OnlyOnPort(metricsPort));
        return endpoints;
    }

    private static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> OnlyOnPort(int port) =>
        (context, next) => context.HttpContext.Connection.LocalPort == port ? next(context) : ValueTask.FromResult<object?>(Results.NotFound());
}
