using Microsoft.AspNetCore.Http;

namespace Realtime.Server.Operations;

/// <summary>Stamps every response with the serving pod's name, so a person can watch the stickiness work.</summary>
public sealed class PodHeaderMiddleware(RequestDelegate next, string podName)
{
    public const string HeaderName = "X-Realtime-Pod";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.Headers[HeaderName] = podName;
        return next(context);
    }
}
