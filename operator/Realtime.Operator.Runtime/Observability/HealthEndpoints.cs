using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Realtime.Operator.Runtime.Observability;

/// <summary>
/// /healthz (liveness: the watches make progress) and /readyz (the process serves) on the health port, /metrics on
/// the metrics port; each answers only on its own port, so a NetworkPolicy can open one without the other.
/// </summary>
/// <remarks>
/// Plain <see cref="RequestDelegate"/> handlers: lambdas with parameters or results go through the request delegate
/// factory, which compiles expression trees at startup and keeps System.Linq.Expressions and its code resident for
/// three fixed answers.
/// </remarks>
public static class HealthEndpoints
{
    /// <param name="isAlive">False when a watch is stuck; the kubelet then restarts the pod.</param>
    /// <param name="isReady">False until the process has started its controller or its election campaign.</param>
    public static IEndpointRouteBuilder MapOperatorEndpoints(
        this IEndpointRouteBuilder endpoints, Func<bool> isAlive, Func<bool> isReady, OperatorMetrics metrics, int healthPort, int metricsPort)
    {
        endpoints.MapGet("/healthz", OnlyOnPort(healthPort, context => isAlive()
            ? Text(context, StatusCodes.Status200OK, "ok")
            : Text(context, StatusCodes.Status503ServiceUnavailable, "watch stalled")));
        endpoints.MapGet("/readyz", OnlyOnPort(healthPort, context => isReady()
            ? Text(context, StatusCodes.Status200OK, "ok")
            : Text(context, StatusCodes.Status503ServiceUnavailable, "starting")));
        endpoints.MapGet("/metrics", OnlyOnPort(metricsPort, metrics.WriteAsync));
        return endpoints;
    }

    private static RequestDelegate OnlyOnPort(int port, RequestDelegate handler) =>
        context =>
        {
            if (context.Connection.LocalPort == port)
            {
                return handler(context);
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        };

    private static Task Text(HttpContext context, int statusCode, string text)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }
}
